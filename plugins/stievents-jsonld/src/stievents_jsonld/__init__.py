"""schema.org Event JSON-LD for stievents: export, import and Google's Event rules."""

from __future__ import annotations

__version__ = "0.1.0"
