"""Writing a small static site: one page per event plus the listing, all sharing one collection."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

    Unlike ``stievents convert -o DIR`` (which renders each event alone), every
    page sees the whole collection, so 'More Like This' can rank it.
    """
    from stievents import api
    from stievents.plugin_types import ExportContext
    from stievents_oecd.writers import write_html, write_listing

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    page_ctx = api.make_export_context(
        api.get_exporter("oecd-html"), now=now, locale=locale, base_url=base_url, options=options
    )
    written = []
    for index, event in enumerate(events):
        buffer = io.BytesIO()
        ordered = [event, *events[:index], *events[index + 1 :]]
        write_html(ordered, buffer, page_ctx)
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
