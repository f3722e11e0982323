"""jsonld-html and the page-head hook: escaped so that no text ends the script, read back by extruct."""

from __future__ import annotations

import datetime as dt
import json

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from stievents_jsonld import _html

import stievents
from stievents.model import Visibility
from stievents.plugin_types import ExportContext
from stievents.testing.strategies import TEXT_CHARACTERS

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HOSTILE = "</script><script>alert(1)</script> <!-- \"quoted\" & 'single' \u2028\u2029 </SCRIPT >"


def _page(snippet: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title>{snippet}</head><body><p>body</p></body></html>"


def _extruct(snippet: str) -> list[dict]:
    import extruct

    found = extruct.extract(_page(snippet), syntaxes=["json-ld"], uniform=False)["json-ld"]
    return found  # type: ignore[no-any-return]


def test_escape_json():
    text = json.dumps({"a": HOSTILE}, ensure_ascii=False)
    escaped = _html.escape_json(text)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in escaped
    assert json.loads(escaped) == {"a": HOSTILE}


def test_snippet_shape(reference_event):
    snippet = stievents.export(reference_event, "jsonld-html", now=NOW).decode()
    assert snippet.startswith('<script type="application/ld+json">\n{')
    assert snippet.endswith("}\n</script>\n")
    assert snippet.count("<") == 2


def test_extruct_reads_the_same_event(example_events):
    for event in example_events:
        snippet = stievents.export(event, "jsonld-html", now=NOW).decode()
        assert _extruct(snippet) == [json.loads(stievents.export(event, "jsonld", now=NOW))]


def test_hostile_title_cannot_escape(reference_event):
    event = attrs.evolve(reference_event, title=HOSTILE, description=HOSTILE)
    snippet = stievents.export(event, "jsonld-html", now=NOW).decode()
    assert "</script" not in snippet.lower()[: -len("</script>\n")]
    assert "<!--" not in snippet
    (found,) = _extruct(snippet)
    assert found["name"] == HOSTILE
    assert found == json.loads(stievents.export(event, "jsonld", now=NOW))


@settings(max_examples=80, deadline=None)
@given(
    title=st.text(
        alphabet=st.sampled_from(list("<>/&!-\"' \u2028\u2029\\scriptSCRIPTé\u00a0")) | TEXT_CHARACTERS,
        min_size=1,
        max_size=40,
    ).filter(str.strip)
)
def test_extruct_agrees_on_any_title(title):
    event = attrs.evolve(stievents.example("oecd-co-creation-2020"), title=title)
    snippet = stievents.export(event, "jsonld-html", now=NOW).decode()
    body = snippet[len('<script type="application/ld+json">') : -len("</script>\n")]
    assert "<" not in body
    assert ">" not in body
    (found,) = _extruct(snippet)
    assert found["name"] == title


def test_page_head_hook(example_events):
    context = ExportContext(now=NOW)
    contributions = stievents.page_head(example_events, context)
    mine = [c for c in contributions if c.source == "stievents-jsonld"]
    assert len(mine) == 1
    assert mine[0].markup == _html.script_element(
        stievents.export(example_events, "jsonld", now=NOW).decode().rstrip("\n")
    )


def test_page_head_leaves_out_private_events(reference_event):
    private = attrs.evolve(reference_event, visibility=Visibility.PRIVATE)
    assert [c for c in stievents.page_head([private], ExportContext(now=NOW)) if c.source == "stievents-jsonld"] == []
