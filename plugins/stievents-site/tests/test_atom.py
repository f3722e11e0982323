"""The Atom feeds: RFC 4287 (RELAX NG schema and its Schematron rules), feedparser, hostile text, determinism."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import urllib.parse
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import feedparser
import pytest
from hypothesis import given, settings
from lxml import etree

from stievents.errors import InvalidEventError
from stievents.model import (
    AttendanceMode,
    Classification,
    Event,
    EventStatus,
    EventType,
    Organiser,
    StatusChange,
    Translation,
    Venue,
)
from stievents.testing import in_ci
from stievents.testing import strategies as sst
from stievents_site import atom, feedtext

SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = zoneinfo.ZoneInfo("UTC")
NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
HOSTILE = 'A <script>alert("x")</script> ]]> & \'q\' "dq"\r\nnext\rline\ttab'


def _event(event_id: str = "e1", **more: Any) -> Event:
    fields: dict[str, Any] = {
        "id": event_id,
        "title": f"Event {event_id}",
        "start": dt.datetime(2024, 3, 5, 9, 30, tzinfo=PARIS),
        "end": dt.datetime(2024, 3, 5, 17, 0, tzinfo=PARIS),
    }
    fields.update(more)
    return Event(**fields)


def _write(events: Sequence[Event], locale: str = "en", **more: Any) -> bytes:
    stream = io.BytesIO()
    options: dict[str, Any] = {
        "feed_id": "tag:example.org,2024:stievents/feeds/all",
        "title": "STI policy events",
        "self_href": f"{locale}/feeds/all.atom",
        "alternate_href": f"{locale}/index.html",
        "locale": locale,
        "entry_href": lambda e: f"{locale}/events/{e.id}.html",
        "now": NOW,
    }
    options.update(more)
    atom.write_atom(events, stream, **options)
    return stream.getvalue()


# ------------------------------------------------------------------ validators


def _relaxng() -> etree.RelaxNG:
    """RFC 4287's schema, converted from RNC by rnc2rng and compiled by libxml2 (once)."""
    cached: etree.RelaxNG | None = getattr(_relaxng, "cached", None)
    if cached is None:
        rnc2rng = pytest.importorskip("rnc2rng", reason="rnc2rng (the site's test extra) converts atom.rnc")
        text = rnc2rng.dumps(rnc2rng.load(str(SCHEMAS / "atom.rnc")))
        # rnc2rng declares the RNC's `namespace local = ""` as xmlns:local="", which XML namespaces 1.0
        # forbids; nothing in the output uses the prefix (it becomes <nsName ns=""/>), so it goes.
        text = text.replace('xmlns:local=""', "", 1)
        cached = etree.RelaxNG(etree.fromstring(text.encode("utf-8")))
        _relaxng.cached = cached  # type: ignore[attr-defined]
    return cached


def assert_valid_atom(data: bytes) -> etree._Element:
    """Well-formed XML, valid against RFC 4287's RELAX NG schema and its two Schematron rules, no feedparser bozo."""
    root = etree.fromstring(data)
    schema = _relaxng()
    assert schema.validate(root), schema.error_log
    # The schema's Schematron annotations, which RELAX NG does not check:
    # every entry has an author, or the feed has; every entry has an alternate link or a content.
    feed_author = root.xpath("a:author", namespaces=NS)
    for entry in root.xpath("a:entry", namespaces=NS):
        assert feed_author or entry.xpath("a:author", namespaces=NS)
        assert entry.xpath("a:link[@rel='alternate'] | a:link[not(@rel)] | a:content", namespaces=NS)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root


def test_the_schema_check_can_fail() -> None:
    good = _write([_event()])
    assert_valid_atom(good)
    schema = _relaxng()
    for bad in (
        good.replace(b"<updated>", b"<updated>yesterday ", 1),  # not an xsd:dateTime
        good.replace(b"<id>", b"<atom-extra/><id>", 1).replace(b"<atom-extra/>", b"<icon/><icon/>"),  # two icons
        good.replace(b'xml:lang="en"', b'xml:lang="en gb"'),  # not a language tag
        good.replace(b"  <title>", b"  <subtitle/><title type='bogus'>", 1),  # a bad text type
        good.replace(b'<link rel="self"', b"<link", 1).replace(b' href="all.atom"', b"", 1),  # a link without href
    ):
        assert not schema.validate(etree.fromstring(bad)), bad


def _jing() -> str | None:
    found = shutil.which("jing")
    if found is None and in_ci():
        pytest.fail("jing (Debian package 'jing') is required when CI=true")
    return found


def test_jing_validates_against_the_rnc_as_published(tmp_path: Path) -> None:
    """The RNC itself, read by James Clark's validator (Java), agrees with the converted schema."""
    jing = _jing()
    if jing is None:
        pytest.skip("jing is not installed (apt-get install jing); the RELAX NG check through lxml still runs")
    good = tmp_path / "good.atom"
    good.write_bytes(_write(_examples_and_edges()))
    bad = tmp_path / "bad.atom"
    bad.write_bytes(good.read_bytes().replace(b"<updated>", b"<updated>soon ", 1))
    schema = str(SCHEMAS / "atom.rnc")
    ok = subprocess.run([jing, "-c", schema, str(good)], capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ko = subprocess.run([jing, "-c", schema, str(bad)], capture_output=True, text=True, timeout=120, check=False)
    assert ko.returncode != 0
    assert "updated" in ko.stdout


# ------------------------------------------------------------------ content


def _examples_and_edges() -> list[Event]:
    import stievents

    examples = [stievents.example(name) for name in stievents.example_names()]
    return [
        *examples,
        _event("all-day", start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 3)),
        _event(
            "cancelled",
            status=EventStatus.CANCELLED,
            status_history=(StatusChange(status=EventStatus.CANCELLED, reason="strike"),),
            venue=Venue(name="Château de la Muette", locality="Paris", country="FR"),
            organisers=(Organiser(name="OECD", url="https://www.oecd.org/"),),
            topics=("AI", "R&D <policy>"),
            event_type=EventType.WORKSHOP,
            classifications=(Classification(scheme="UN-SDG", code="9", label="Industry & innovation"),),
            created=dt.datetime(2023, 1, 1, 10, 0, tzinfo=PARIS),
            updated=dt.datetime(2023, 5, 1, 10, 0, tzinfo=PARIS),
        ),
    ]


def test_examples_and_edge_cases_give_a_valid_feed() -> None:
    root = assert_valid_atom(_write(_examples_and_edges()))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert len(root.findall(f"{ATOM}entry")) == len(_examples_and_edges())


def test_an_empty_feed_is_valid_and_fixed() -> None:
    data = _write([])
    root = assert_valid_atom(data)
    assert root.findtext(f"{ATOM}updated") == atom.EMPTY_UPDATED
    assert _write([], now=NOW + dt.timedelta(days=400)) == data


def test_feed_updated_is_the_latest_entry_never_the_clock() -> None:
    older = _event("a", updated=dt.datetime(2023, 1, 1, 12, 0, tzinfo=PARIS))
    newer = _event("b", created=dt.datetime(2023, 6, 1, 12, 0, tzinfo=PARIS))  # created only
    plain = _event(
        "c", start=dt.datetime(2022, 1, 1, 9, 0, tzinfo=PARIS), end=dt.datetime(2022, 1, 1, 10, 0, tzinfo=PARIS)
    )
    data = _write([older, newer, plain])
    root = assert_valid_atom(data)
    assert root.findtext(f"{ATOM}updated") == "2023-06-01T10:00:00Z"
    updated = [e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")]
    assert updated == ["2023-01-01T11:00:00Z", "2023-06-01T10:00:00Z", "2022-01-01T08:00:00Z"]
    published = [e.findtext(f"{ATOM}published") for e in root.findall(f"{ATOM}entry")]
    assert published == [None, "2023-06-01T10:00:00Z", None]
    assert _write([older, newer, plain], now=dt.datetime(2030, 1, 1, tzinfo=UTC)) == data


def test_cancelled_and_postponed_titles_are_marked_in_the_locale() -> None:
    def status(value: EventStatus) -> dict[str, Any]:
        return {"status": value, "status_history": (StatusChange(status=value),)}

    events = [
        _event("c", **status(EventStatus.CANCELLED)),
        _event("p", **status(EventStatus.POSTPONED)),
        _event("m", **status(EventStatus.MOVED_ONLINE)),
    ]
    english = [t.text for t in assert_valid_atom(_write(events)).iterfind(f"{ATOM}entry/{ATOM}title")]
    french = [t.text for t in assert_valid_atom(_write(events, "fr")).iterfind(f"{ATOM}entry/{ATOM}title")]
    assert english == ["Cancelled: Event c", "Postponed: Event p", "Event m"]
    assert french == ["Annulé\u00a0: Event c", "Reporté\u00a0: Event p", "Event m"]


def test_the_summary_gives_date_zone_place_and_status() -> None:
    moved = _event(
        "m",
        status=EventStatus.MOVED_ONLINE,
        status_history=(StatusChange(status=EventStatus.MOVED_ONLINE),),
        attendance_mode=AttendanceMode.ONLINE,
    )
    place = _event("p", venue=Venue(name="OECD Conference Centre", locality="Paris", country="FR"))
    summer = _event(
        "s", start=dt.datetime(2024, 7, 1, 9, 0, tzinfo=PARIS), end=dt.datetime(2024, 7, 2, 17, 0, tzinfo=PARIS)
    )
    root = assert_valid_atom(_write([moved, place, summer]))
    summaries = [s.text for s in root.iterfind(f"{ATOM}entry/{ATOM}summary")]
    assert summaries == [
        "5 March 2024, 09:30–17:00 CET · Online · Status: Moved online",
        "5 March 2024, 09:30–17:00 CET · OECD Conference Centre, Paris, FR",
        "1 July 2024, 09:00 CEST – 2 July 2024, 17:00 CEST",
    ]
    french = assert_valid_atom(_write([moved], "fr")).findtext(f"{ATOM}entry/{ATOM}summary")
    assert french == "5 mars 2024, 09:30–17:00 CET · En ligne · Statut\u00a0: En ligne"


def test_the_translation_for_the_locale_is_used() -> None:
    event = _event("t", text_language="en", translations=(Translation(language="fr", title="Atelier"),))
    assert assert_valid_atom(_write([event], "fr")).findtext(f"{ATOM}entry/{ATOM}title") == "Atelier"
    assert assert_valid_atom(_write([event], "en")).findtext(f"{ATOM}entry/{ATOM}title") == "Event t"


def test_entry_ids_are_stable_urns_per_event_and_locale() -> None:
    event = _event("x")
    with_uid = _event("x", uid="abc@example.org")

    def ids(data: bytes) -> list[str | None]:
        return [e.findtext(f"{ATOM}id") for e in etree.fromstring(data).iterfind(f"{ATOM}entry")]

    first = ids(_write([event, with_uid]))
    assert all(i is not None and i.startswith("urn:uuid:") for i in first)
    assert first[0] != first[1]  # the source uid, when there is one, is the identity
    assert ids(_write([event], self_href="en/feeds/topic/ai.atom")) == first[:1]  # same entry in every feed
    assert ids(_write([event], "fr")) != first[:1]  # another text, another entry
    assert ids(_write([_event("x", title="Renamed")])) == first[:1]  # an edit keeps the id


def test_links_are_relative_to_the_feed_without_a_base_url() -> None:
    root = assert_valid_atom(_write([_event("x:y")]))
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") is None
    served = "https://host.example/some/dir/en/feeds/all.atom"

    def resolve(href: str | None) -> str:
        assert href is not None
        return urllib.parse.urljoin(served, href)

    links = {link.get("rel"): link.get("href") for link in root.iterfind(f"{ATOM}link")}
    assert resolve(links["self"]) == served
    assert resolve(links["alternate"]) == "https://host.example/some/dir/en/index.html"
    entry_link = root.find(f"{ATOM}entry/{ATOM}link")
    assert entry_link is not None
    assert resolve(entry_link.get("href")) == "https://host.example/some/dir/en/events/x:y.html"


def test_links_are_absolute_with_a_base_url() -> None:
    root = assert_valid_atom(_write([_event("x")], base_url="https://events.example.org/sti"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == "https://events.example.org/sti/"
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert hrefs == [
        "https://events.example.org/sti/en/feeds/all.atom",
        "https://events.example.org/sti/en/index.html",
        "https://events.example.org/sti/en/events/x.html",
    ]
    parsed = feedparser.parse(_write([_event("x")], base_url="https://events.example.org/sti/"))
    assert parsed.entries[0].link == "https://events.example.org/sti/en/events/x.html"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        _write([], now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="IRI"):
        _write([], feed_id="no scheme")
    with pytest.raises(ValueError, match="language tag"):
        _write([], locale="en gb")
    with pytest.raises(ValueError, match="base URL"):
        _write([], base_url="ftp://example.org/")


def test_the_feed_is_streamed_entry_by_entry() -> None:
    class Recorder(io.BytesIO):
        writes = 0

        def write(self, data: Any) -> int:
            self.writes += 1
            return super().write(data)

    stream = Recorder()
    events = [_event(f"e{n}") for n in range(5)]
    atom.write_atom(
        events,
        stream,
        feed_id="urn:x:y",
        title="t",
        self_href="en/feeds/all.atom",
        alternate_href="en/index.html",
        locale="en",
        entry_href=lambda e: e.id,
        now=NOW,
    )
    assert stream.writes == len(events) + 2


# ------------------------------------------------------------------ hostile text


def _text_of(root: etree._Element, path: str) -> list[str]:
    return ["".join(node.itertext()) for node in root.iterfind(path)]


def test_hostile_text_stays_text() -> None:
    event = _event(
        "h",
        title=HOSTILE,
        description=HOSTILE,
        topics=(HOSTILE,),
        organisers=(Organiser(name=HOSTILE),),
        venue=Venue(name=HOSTILE),
    )
    data = _write([event], title=HOSTILE, author=HOSTILE)
    root = assert_valid_atom(data)
    assert b"<script>" not in data
    assert _text_of(root, f"{ATOM}entry/{ATOM}title") == [HOSTILE]
    assert _text_of(root, f"{ATOM}entry/{ATOM}content") == [HOSTILE]
    assert _text_of(root, f"{ATOM}entry/{ATOM}author/{ATOM}name") == [HOSTILE]
    assert _text_of(root, f"{ATOM}title") == [HOSTILE]
    assert [c.get("term") for c in root.iterfind(f"{ATOM}entry/{ATOM}category")] == [HOSTILE]
    assert feedparser.parse(data).entries[0].title.startswith("A ")


def test_the_model_refuses_what_xml_cannot_carry() -> None:
    for bad in ("nul\x00", "bell\x07", "esc\x1b[31m", "lone \ud800 surrogate"):
        with pytest.raises(InvalidEventError):
            _event(title=bad)


def test_forbidden_characters_that_slip_through_are_replaced() -> None:
    """Should an event hold them anyway (built around the checks), the feed stays well-formed XML."""
    event = _event("z")
    nasty = "a\x00b\x01c\x0bd\x1fe\ud800f\udfffg\ufffeh\uffffi"
    object.__setattr__(event, "title", nasty)
    object.__setattr__(event, "topics", (nasty,))
    data = _write([event], title=nasty)
    root = assert_valid_atom(data)
    assert _text_of(root, f"{ATOM}entry/{ATOM}title") == ["a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\ufffdi"]
    assert feedtext.clean(nasty) == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\ufffdi"


@settings(deadline=None, max_examples=60)
@given(events=sst.event_lists(hostile=True, max_size=4), locale=sst.language_tags())
def test_generated_events_always_give_a_valid_deterministic_feed(events: list[Event], locale: str) -> None:
    first = _write(events, locale)
    root = assert_valid_atom(first)
    assert _write(events, locale) == first
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(events)
    for event, element in zip(events, entries, strict=True):
        title = _text_of(element, f"{ATOM}title")[0]
        assert feedtext.clean(event.title) in title or any(
            feedtext.clean(t.title or "") in title for t in event.translations
        )
        assert len({e.findtext(f"{ATOM}id") for e in entries}) == len({(e.uid or e.id) for e in events})


def _entry_urls(write: Callable[..., bytes], events: Sequence[Event]) -> list[str]:
    return [entry.link for entry in feedparser.parse(write(events)).entries]


def test_attrs_evolve_keeps_entries_comparable() -> None:
    """An edited event keeps its id and link; only its text and ``updated`` change."""
    event = _event("k")
    edited = attrs.evolve(event, title="Changed", updated=dt.datetime(2024, 1, 1, tzinfo=UTC))
    assert _entry_urls(_write, [event]) == _entry_urls(_write, [edited])


@pytest.mark.parametrize("base_url", [None, "https://events.example.org/site/"])
@pytest.mark.parametrize(
    "self_path", ["en/feeds/all.atom", "en/feeds/year/2026.json", "feed.atom", "https://x.example/a/b/feed.atom"]
)
def test_the_entry_cache_makes_the_hrefs_links_make(self_path: str, base_url: str | None) -> None:
    from stievents_site.feedtext import EntryCache, Links

    links = Links.make(self_path, base_url)
    cache = EntryCache()
    targets = [
        "en/events/a.html",
        "en/events/b c.html",
        "en/events/é%.html",
        "fr/events/a.html",
        "events/a/sessions/s1.ics",
        "index.html",
        "/en/events/a.html",
        "en/feeds/x:y.html",
        "a:b.html",
        "https://example.org/org?x=1#f",
        "en/events/..",
        "en/feeds/year/2026.json",
    ]
    for target in targets * 2:  # the second time from the cache
        assert cache.href(links, target) == links.href(target), target
