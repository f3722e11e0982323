"""OECD-style event pages, listings, Markdown and text for stievents, in English and French.

The formats are reached through :func:`stievents.export` (``oecd-html``,
``oecd-listing-html``, ``oecd-md``, ``oecd-text``) and :func:`stievents.read`
(``oecd-html``, ``oecd-text``). :func:`write_site` writes every event's page with
the whole collection for 'More Like This', plus an ``index.html`` listing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stievents_oecd.site import write_site

__all__ = ["__version__", "write_site"]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import :func:`write_site` (and with it the model) on first use, not when the plugin registers."""
    if name == "write_site":
        from stievents_oecd.site import write_site

        globals()["write_site"] = write_site
        return write_site
    raise AttributeError(f"module 'stievents_oecd' has no attribute {name!r}")
