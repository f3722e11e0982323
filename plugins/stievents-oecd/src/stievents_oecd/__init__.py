"""OECD-style event pages, listings, Markdown and text for stievents, in English and French.

The formats are reached through :func:`stievents.export` (``oecd-html``,
``oecd-listing-html``, ``oecd-md``, ``oecd-text``) and :func:`stievents.read`
(``oecd-html``, ``oecd-text``). :func:`write_site` writes every event's page with
the whole collection for 'More Like This', plus an ``index.html`` listing.
"""

from __future__ import annotations

from stievents_oecd.site import write_site

__all__ = ["__version__", "write_site"]

__version__ = "0.1.0"
