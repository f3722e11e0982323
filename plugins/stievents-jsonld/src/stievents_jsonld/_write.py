"""The two exporters' write functions and the page-head contribution."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

from stievents.model import Event, Visibility
from stievents.plugin_types import ExportContext, HeadContribution
from stievents_jsonld import _export, _html


def dumps(events: Sequence[Event], context: ExportContext) -> str:
    """The JSON-LD text for ``events``: 2-space indented, UTF-8, keys in mapping order."""
    return json.dumps(_export.document(events, context), ensure_ascii=False, indent=2) + "\n"


def write_jsonld(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write the JSON-LD document."""
    stream.write(dumps(events, context).encode("utf-8"))


def write_html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write the JSON-LD as an escaped ``<script>`` element for an HTML page."""
    stream.write((_html.script_element(dumps(events, context).rstrip("\n")) + "\n").encode("utf-8"))


def page_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
    """The ``<script>`` element for the public events of a page (private ones are left out)."""
    public = [e for e in events if e.visibility is not Visibility.PRIVATE]
    if not public:
        return []
    return [
        HeadContribution(source="stievents-jsonld", markup=_html.script_element(dumps(public, context).rstrip("\n")))
    ]
