"""Writing a small static site: one page per event plus the listing, all sharing one collection."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from stievents.model import Event

__all__ = ["write_site"]


def write_site(
    events: Sequence[Event],
    directory: str | Path,
    *,
    now: dt.datetime | None = None,
    locale: str = "en",
    base_url: str | None = None,
    **options: Any,
) -> list[Path]:
    """Write ``{id}.html`` for every event and ``index.html``; return the paths written.

    Every page sees the whole collection, so 'More Like This' can rank it, as
    for ``stievents convert --to oecd-html -o DIR``: the collection is put once
    in the pages' shared context, so its index is built once and each page
    costs the same whatever the collection's size (no per-page copy of it).
    """
    from stievents import api
    from stievents.plugin_types import ExportContext
    from stievents_oecd.writers import write_html, write_listing

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    page_ctx = api.make_export_context(
        api.get_exporter("oecd-html"), now=now, locale=locale, base_url=base_url, options=options
    )
    page_ctx = attrs.evolve(page_ctx, collection=tuple(events))  # once: not a reordered copy per page
    written = []
    for event in events:
        buffer = io.BytesIO()
        write_html([event], buffer, page_ctx)
        path = target / f"{event.id}.html"
        path.write_bytes(buffer.getvalue())
        written.append(path)
    listing_opts = {k: v for k, v in options.items() if k in {"base_url", "include_jsonld"}}
    list_ctx: ExportContext = api.make_export_context(
        api.get_exporter("oecd-listing-html"), now=now, locale=locale, base_url=base_url, options=listing_opts
    )
    buffer = io.BytesIO()
    write_listing(events, buffer, list_ctx)
    (target / "index.html").write_bytes(buffer.getvalue())
    written.append(target / "index.html")
    return written
