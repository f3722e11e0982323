"""The jsonld-html importer: every schema.org Event in the JSON-LD blocks of an HTML page."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonld_support import CORPUS, shared

import stievents
from stievents.cli import main
from stievents.errors import FormatError, Severity
from stievents.testing import contract

EVENT = {"@context": "https://schema.org", "@type": "Event", "name": "Talk", "startDate": "2025-05-01"}

# A real block, shortened (the performer's sameAs dropped): Songkick's page for a 2015 concert, as kept by
# extruct's tests, https://github.com/scrapinghub/extruct/blob/master/tests/samples/songkick/
# Elysian%20Fields%20Brooklyn%20Tickets%2C%20The%20Owl%20Music%20Parlor%2C%2031%20Oct%202015.raw.jsonld
SONGKICK = (
    '[{"@context":"http://schema.org","@type":"MusicEvent","name":"Elysian Fields","url":"http://www.songkick.com/'
    'concerts/25248299-elysian-fields-at-owl-music-parlor?utm_medium=organic\\u0026utm_source=microformat",'
    '"location":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Brooklyn","addressCountry":'
    '"US","addressRegion":"NY","streetAddress":"497 Rogers Ave","postalCode":"11225"},"name":"The Owl Music Parlor",'
    '"sameAs":"http://www.theowl.nyc","geo":{"@type":"GeoCoordinates","latitude":40.660109,"longitude":-73.953193}},'
    '"startDate":"2015-10-31T19:30:00-0400","performer":[{"@type":"MusicGroup","name":"Elysian Fields"}]}]'
)

# The wrapper of a real WordPress page, shortened (extruct's tests/samples/custom.invalid/JSONLD_with_CDATA.html,
# https://github.com/scrapinghub/extruct/blob/master/tests/samples/custom.invalid/JSONLD_with_CDATA.html).
CDATA_PAGE = """<!DOCTYPE html>
<html lang="en">

<head>
    <script type="application/ld+json">
// <![CDATA[
{
  "@context": "http:\\/\\/schema.org\\/",
  "name": "Lubelska",
  "@type": "Organization",
  "url": "https://lubelska.co.uk/"
}
// ]]>
    </script>
    <script type="application/ld+json">
// <![CDATA[
%s
// ]]>
    </script>
</head>
"""


def _page(*blocks: str, head: str = "") -> bytes:
    scripts = "\n".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<!doctype html>\n<html><head>{head}\n{scripts}\n</head><body><p>x</p></body></html>\n".encode()


def _read(data: bytes, **options: object) -> stievents.plugin_types.ImportResult:
    return stievents.read(data, "jsonld-html", lenient=True, **options)  # type: ignore[arg-type]


def _errors(result: stievents.plugin_types.ImportResult) -> list[str]:
    return [str(p) for p in result.problems if p.severity is Severity.ERROR]


def test_contract():
    contract.check_importer("jsonld-html", bad_inputs=(b"", b"\x00\xff", b"{", b"<<<", b"<html></html>", b"<p>x"))


def test_a_real_block_reads():
    (event,) = _read(_page(SONGKICK)).events
    assert event.title == "Elysian Fields"
    assert event.url == (
        "http://www.songkick.com/concerts/25248299-elysian-fields-at-owl-music-parlor"
        "?utm_medium=organic&utm_source=microformat"
    )
    assert event.start.isoformat() == "2015-10-31T19:30:00-04:00"
    assert event.venue is not None
    assert (event.venue.name, event.venue.locality, event.venue.country) == ("The Owl Music Parlor", "Brooklyn", "US")


def test_cdata_wrappers_are_read_silently_and_other_nodes_skipped():
    result = _read((CDATA_PAGE % json.dumps(EVENT)).encode())
    (event,) = result.events
    assert event.title == "Talk"
    assert not [p for p in result.problems if "CDATA" in p.message or "Organization" in p.message]


def test_every_block_and_every_nesting_is_read():
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"}, {**EVENT, "name": "A"}]}
    listed = json.dumps([{**EVENT, "name": "B"}, {**EVENT, "name": "C"}])
    nested = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": "Hall",
        "event": [{"@type": "Event", "name": "D", "startDate": "2025-05-02"}],
    }
    sub = {**EVENT, "name": "E", "subEvent": [{"@type": "Event", "name": "E1", "startDate": "2025-05-01"}]}
    result = _read(_page(json.dumps(graph), listed, json.dumps(nested), json.dumps(sub)))
    assert [e.title for e in result.events] == ["A", "B", "C", "D", "E"]
    assert [s.title for s in result.events[-1].sessions] == ["E1"]
    assert len({e.id for e in result.events}) == 5  # ids stay unique across blocks
    assert _errors(result) == []


def test_a_broken_block_is_an_error_with_its_number_and_line_and_the_others_read():
    page = _page(json.dumps(EVENT), '{"@type": "Event",\n "name": "Broken" "startDate": "x"}', json.dumps(EVENT))
    result = _read(page)
    assert len(result.events) == 2
    (error,) = [p for p in result.problems if p.severity is Severity.ERROR]
    assert error.path == "script 2 (line 4)"
    assert error.message == "not JSON: Expecting ',' delimiter at line 5, column 19"
    assert page.decode().splitlines()[4][18:27] == '"startDat'  # the column the message names, 1-based
    with pytest.raises(stievents.ValidationError):
        stievents.read(page, "jsonld-html")  # not lenient: an error refuses the page, nothing half-read


def test_problems_inside_a_block_name_the_block_and_the_json_path():
    result = _read(_page(json.dumps(EVENT), json.dumps({**EVENT, "name": ""})))
    assert _errors(result) == ["script 2 (line 4) $.name: error: is required: an Event needs a name"]


def test_scripts_that_are_not_blocks_are_ignored():
    page = (
        b"<html><head><!-- <script type='application/ld+json'>{broken</script> -->"
        b'<script>var x = "<script type=application/ld+json>";</script>'
        b'<script type="application/json">{"@type": "Event"}</script>'
        b'<script type=" Application/LD+JSON; charset=utf-8 ">' + json.dumps(EVENT).encode() + b"</script>"
        b"</head></html>"
    )
    result = _read(page)
    assert [e.title for e in result.events] == ["Talk"]
    assert _errors(result) == []


@pytest.mark.parametrize(
    ("wrapped", "note"),
    [
        ("<!--\n%s\n-->", None),
        ("/*<![CDATA[*/%s/*]]>*/", None),
        ("<![CDATA[%s]]>", None),
        (
            '{"@context": "https://schema.org", // the vocabulary\n "@graph": [%s] /* one event */}',
            "JavaScript comments",
        ),
    ],
)
def test_wrappers_and_comments(wrapped, note):
    result = _read(_page(wrapped % json.dumps(EVENT)))
    assert [e.title for e in result.events] == ["Talk"]
    notes = [p.message for p in result.problems if p.path == "script 1 (line 3) $"]
    assert notes == ([] if note is None else ["JavaScript comments in the JSON ignored"])


def test_a_comment_marker_inside_a_string_is_text():
    doc = {**EVENT, "url": "https://example.org/a//b", "description": "see /* this */ and // that"}
    text = json.dumps(doc, indent=1).replace('"Talk",', '"Talk", // a comment')
    (event,) = _read(_page(text)).events
    assert (event.url, event.description) == ("https://example.org/a//b", "see /* this */ and // that")


def test_html_escaped_json_is_decoded_with_a_warning():
    escaped = json.dumps({**EVENT, "name": "Rock &amp; roll"}).replace('"', "&quot;")
    result = _read(_page(escaped))
    (event,) = result.events
    assert event.title == "Rock & roll"
    assert any("HTML-escaped" in p.message for p in result.problems if p.severity is Severity.WARNING)


def test_pages_without_events():
    with pytest.raises(FormatError, match="no <script"):
        _read(b"<html><body><p>No data</p></body></html>")
    result = _read(_page(json.dumps({"@context": "https://schema.org", "@type": "WebSite", "name": "S"})))
    assert _errors(result) == ["$: error: no schema.org Event found in the page's 1 JSON-LD block (found WebSite)"]
    result = _read(_page("   "))
    assert [str(p) for p in result.problems] == ["script 1 (line 3): warning: empty; skipped", *_errors(result)]


def test_a_page_not_in_utf8_is_read_as_windows_1252():
    page = _page(json.dumps({**EVENT, "name": "Caf\u00e9"}, ensure_ascii=False)).decode().encode("cp1252")
    result = _read(page)
    assert [e.title for e in result.events] == ["Caf\u00e9"]
    assert any("windows-1252" in p.message for p in result.problems)


def test_the_snippet_the_exporter_writes_reads_back(reference_event, fixed_now):
    snippet = stievents.export(reference_event, "jsonld-html", now=fixed_now)
    via_page = stievents.read(snippet, "jsonld-html").events
    via_json = stievents.read(stievents.export(reference_event, "jsonld", now=fixed_now), "jsonld").events
    assert via_page == via_json


def test_every_schemaorg_example_reads_as_in_jsonld():
    """schema.org's Event examples (../shared, read in place), each in a page: what the jsonld importer reads."""
    names = sorted(p.name for p in shared(CORPUS).glob("*.jsonld"))
    texts = [(CORPUS / name).read_text(encoding="utf-8") for name in names]
    expected = []
    for text in texts:
        expected.extend(e.title for e in stievents.read(text.encode(), "jsonld", lenient=True).events)
    result = _read(_page(*texts, head="<title>schema.org examples</title>"))
    assert [e.title for e in result.events] == expected
    assert len(expected) >= 15


def test_cli_converts_an_html_page(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_bytes(_page(SONGKICK))
    out = tmp_path / "out.ics"
    assert main(["convert", str(page), "--from", "jsonld-html", "--to", "ics", "-o", str(out)]) == 0
    assert b"SUMMARY:Elysian Fields" in out.read_bytes()
    assert f"{page}: script 1 (line 3) $[0].endDate: warning:" in capsys.readouterr().err


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        result = stievents.read(
            f"<html>{text}<script type='application/ld+json'>{text}</script>".encode(), "jsonld-html", lenient=True
        )
    except FormatError:
        return
    assert isinstance(result.events, tuple)
