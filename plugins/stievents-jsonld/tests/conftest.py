"""Make ``jsonld_support`` importable under ``pytest --import-mode=importlib`` (how the CI runs all suites)."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
