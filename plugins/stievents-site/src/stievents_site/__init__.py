"""stievents site: a whole events portal from a folder of events, built incrementally.

``stievents site build INPUT... -o DIR`` writes the listing, one page per event
and locale, facet pages, iCalendar/Atom/JSON feeds, sitemaps and a manifest;
building again rewrites only the files whose bytes change. The formats come
from other plugins by name through :mod:`stievents.api` (``oecd-html``,
``ics``, ``jsonld``). Nothing heavy is imported here: the command line loads
this package only to list its command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__", "build_site"]

__version__ = "0.1.0"

if TYPE_CHECKING:
    from stievents_site.build import BuildReport


def build_site(*args: Any, **kwargs: Any) -> BuildReport:
    """Build a site; see :func:`stievents_site.build.build_site` for the arguments."""
    from stievents_site.build import build_site as build

    return build(*args, **kwargs)
