"""{{ cookiecutter.format_description }}: a stievents format plugin."""

from __future__ import annotations

__version__ = "0.1.0"
