"""OECD-style event pages, listings, Markdown and text for stievents, in English and French.

The formats are reached through :func:`stievents.export` (``oecd-html``,
``oecd-listing-html``, ``oecd-md``, ``oecd-text``) and :func:`stievents.read`
(``oecd-html``, ``oecd-text``). :func:`write_site` writes every event's page with
the whole collection for 'More Like This', plus an ``index.html`` listing.
:func:`related_pages` tells a caller that rebuilds pages incrementally what each
page's 'More Like This' lists and what its ranking reads (:mod:`stievents_oecd.ranking`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stievents_oecd.ranking import RelatedLink, RelatedRanking, related_pages
    from stievents_oecd.site import write_site

__all__ = ["RelatedLink", "RelatedRanking", "__version__", "related_pages", "write_site"]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import the public functions (and with them the model) on first use, not when the plugin registers."""
    if name == "write_site":
        from stievents_oecd.site import write_site

        globals()["write_site"] = write_site
        return write_site
    if name in ("RelatedLink", "RelatedRanking", "related_pages"):
        from stievents_oecd import ranking

        found = getattr(ranking, name)
        globals()[name] = found
        return found
    raise AttributeError(f"module 'stievents_oecd' has no attribute {name!r}")
