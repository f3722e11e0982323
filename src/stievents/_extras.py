"""Optional libraries (matplotlib, pandas, polars), imported only when a feature asks for them.

``import stievents`` never loads them (the startup test checks it): charts and
data frames import their library through :func:`require` at the moment of use,
and a missing one is a clear error that names the extra to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from stievents.errors import StieventsError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(StieventsError, ImportError):
    """An optional library a feature needs is not installed; the message names the extra that installs it."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``, or raise :class:`MissingExtraError` naming ``stievents[extra]``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise MissingExtraError(
            f"error: {feature} needs {top}, which is not installed: pip install 'stievents[{extra}]'"
        ) from exc
