"""The jsonld importer: our own documents losslessly, real-world shapes with path-named problems."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonld_support import CORPUS, rich_event, shared
from stievents_jsonld._when import read_temporal

import stievents
from stievents.errors import FormatError, Severity, ValidationError
from stievents.model import EventStatus, OrganiserRole
from stievents.testing import contract
from stievents.testing.strategies import TEXT_CHARACTERS, ZONES

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _read(doc: object, **options: object) -> stievents.plugin_types.ImportResult:
    return stievents.read(json.dumps(doc), "jsonld", lenient=True, **options)  # type: ignore[arg-type]


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in result.problems if p.severity is Severity.ERROR]


def test_round_trip_contract(example_events, fixed_now):
    contract.check_round_trip("jsonld", example_events, now=fixed_now)
    contract.check_importer("jsonld", bad_inputs=(b"", b"\x00\xff", b"{", b"<<<", b"42", b'"x"', b"[1]", b"{}"))


def test_round_trip_keeps_partial_facts(demo_event, fixed_now):
    (back,) = stievents.read(stievents.export(demo_event, "jsonld", now=fixed_now), "jsonld").events
    assert (back.start, back.end) == (demo_event.start, demo_event.end)  # same instants
    assert back.start.utcoffset() == demo_event.start.utcoffset()
    assert back.venue is not None
    assert attrs.evolve(back.venue, timezone="Europe/Brussels") == demo_event.venue
    assert back.previous_start == demo_event.previous_start
    assert [s.id for s in back.sessions] == [s.id for s in demo_event.sessions]
    for got, want in zip(back.sessions, demo_event.sessions, strict=True):
        assert (got.title, got.description, got.start, got.end, got.room) == (
            want.title,
            want.description,
            want.start,
            want.end,
            want.room,
        )
        assert got.speakers == tuple(attrs.evolve(p, email=None) for p in want.speakers)
        assert got.policy_question_ids == want.policy_question_ids
    assert [(o.name, o.acronym, o.url, o.country) for o in back.organisers] == [
        (o.name, o.acronym, o.url, o.country) for o in demo_event.organisers
    ]
    assert back.organisers[2].roles == (OrganiserRole.SPONSOR, OrganiserRole.FUNDER)
    assert (
        back.registration == demo_event.registration or back.registration.deadline == demo_event.registration.deadline
    )
    assert [u.tag for u in back.languages] == ["en", "fr"]
    assert back.text_language == "en"


def test_rich_event_round_trips(fixed_now):
    event = rich_event()
    data = stievents.export(event, "jsonld", now=fixed_now)
    (back,) = stievents.read(data, "jsonld").events
    assert back.recurrence == event.recurrence
    assert str(back.start.tzinfo) == "Europe/Paris"  # named by the Schedule's scheduleTimezone
    assert back.event_type is stievents.EventType.CONFERENCE
    assert back.related_events == event.related_events
    assert back.virtual_location == event.virtual_location
    assert [(o.name, o.ror) for o in back.organisers] == [(o.name, o.ror) for o in event.organisers]
    assert back.organisers[1].roles == (OrganiserRole.PARTNER,)
    assert stievents.export(back, "jsonld", now=fixed_now) == data


def test_timezone_option_restores_the_zone(reference_event, fixed_now):
    data = stievents.export(reference_event, "jsonld", now=fixed_now)
    (plain,) = stievents.read(data, "jsonld").events
    assert str(plain.start.tzinfo) == "Etc/GMT-1"
    (named,) = stievents.read(data, "jsonld", timezone="Europe/Paris").events
    assert str(named.start.tzinfo) == "Europe/Paris"
    assert named.start == reference_event.start
    # A zone whose offset does not match is not forced on the instant.
    (other,) = stievents.read(data, "jsonld", timezone="America/New_York").events
    assert str(other.start.tzinfo) == "Etc/GMT-1"
    with pytest.raises(ValidationError, match="unknown IANA time zone"):
        stievents.read(data, "jsonld", timezone="Mars/Olympus_Mons")


def test_schedule_zone_round_trips(reference_event, fixed_now):
    weekly = attrs.evolve(
        reference_event,
        end=reference_event.start + dt.timedelta(hours=2),
        sessions=(),
        recurrence=stievents.Recurrence(rule="FREQ=WEEKLY;COUNT=4;BYDAY=TH"),
    )
    (back,) = stievents.read(stievents.export(weekly, "jsonld", now=fixed_now), "jsonld").events
    assert str(back.start.tzinfo) == "Europe/Paris"
    assert back.recurrence == weekly.recurrence


BASE = {"@context": "https://schema.org", "@type": "Event", "name": "A workshop", "startDate": "2024-05-02"}


@pytest.mark.parametrize(
    "doc",
    [
        BASE,
        [BASE],
        {"@context": "https://schema.org", "@graph": [{k: v for k, v in BASE.items() if k != "@context"}]},
        {**BASE, "@context": "http://schema.org"},
        {**BASE, "@context": "https://schema.org/"},
        {**BASE, "@context": {"@vocab": "http://schema.org/"}},
        {**BASE, "@type": "EducationEvent"},
        {**BASE, "@type": ["Event", "Hackathon"]},
        {**BASE, "@type": "http://schema.org/BusinessEvent"},
    ],
)
def test_real_world_shapes(doc):
    result = _read(doc)
    assert not _errors(result)
    (event,) = result.events
    assert event.title == "A workshop"
    assert event.start == event.end == dt.date(2024, 5, 2)


def test_loose_values():
    result = _read(
        {
            **BASE,
            "location": "Town hall, Springfield",
            "organizer": "Springfield Council",
            "keywords": "innovation, policy",
            "eventStatus": "EventPostponed",
            "performer": "Someone",
            "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
        }
    )
    (event,) = result.events
    assert event.venue == stievents.Venue(name="Town hall, Springfield")
    assert [(o.name, o.roles) for o in event.organisers] == [("Springfield Council", (OrganiserRole.CO_ORGANISER,))]
    assert event.topics == ("innovation", "policy")
    assert event.status is EventStatus.POSTPONED
    assert [u.tag for u in event.languages] == ["en"]
    assert "$.performer: warning: not kept" in " ".join(str(p) for p in result.problems)


def test_zone_rules():
    naive = _read({**BASE, "startDate": "2024-05-02T09:30", "endDate": "2024-05-02T11:00"})
    (event,) = naive.events
    assert (str(event.start.tzinfo), event.start.hour) == ("UTC", 9)
    assert any("no UTC offset" in p.message for p in naive.problems)
    (named,) = _read({**BASE, "startDate": "2024-05-02T09:30"}, timezone="Europe/Berlin").events
    assert str(named.start.tzinfo) == "Europe/Berlin"
    (fixed,) = _read({**BASE, "startDate": "2024-05-02T09:30:00-05:00"}).events
    assert str(fixed.start.tzinfo) == "Etc/GMT+5"
    odd = _read({**BASE, "startDate": "2024-05-02T09:30:00+05:30"})
    (india,) = odd.events
    assert (str(india.start.tzinfo), india.start.hour) == ("Asia/Kolkata", 9)
    assert any("zone with that offset, Asia/Kolkata" in p.message for p in odd.problems)
    (newfoundland,) = _read({**BASE, "startDate": "2024-07-02T09:30:00-02:30"}).events
    assert str(newfoundland.start.tzinfo) == "America/St_Johns"
    none_fits = _read({**BASE, "startDate": "2024-05-02T09:30:00+05:17"})
    (utc,) = none_fits.events
    assert (str(utc.start.tzinfo), utc.start.hour) == ("UTC", 4)
    assert any("converted to UTC" in p.message for p in none_fits.problems)


def test_lmt_time_written_as_utc_keeps_the_schedule_zone():
    """Paris before 1911 was +00:09:21: written as UTC, read back in Europe/Paris from scheduleTimezone."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(1905, 3, 1, 9, 0, tzinfo=paris)
    event = attrs.evolve(
        stievents.example("oecd-co-creation-2020"),
        start=start,
        end=start + dt.timedelta(hours=1),
        sessions=(),
        status_history=(),
        recurrence=stievents.model.Recurrence(rule="FREQ=WEEKLY;COUNT=3"),
    )
    data = stievents.export(event, "jsonld", now=NOW)
    (back,) = stievents.read(data, "jsonld").events
    assert str(back.start.tzinfo) == "Europe/Paris"
    assert stievents.export(back, "jsonld", now=NOW) == data


def test_lmt_except_dates_are_written_as_utc_too():
    """Found by Hypothesis: exceptDate was written with isoformat() (+00:09:21), which ISO 8601 and the
    reader refuse to take back as written, so export -> import -> export changed the text."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2000, 1, 1, tzinfo=paris)
    event = stievents.Event(
        id="e",
        title="t",
        start=start,
        end=start,
        recurrence=stievents.model.Recurrence(
            rule="FREQ=WEEKLY;UNTIL=20020101T000000Z",
            exdates=(dt.datetime(1911, 1, 1, tzinfo=zoneinfo.ZoneInfo("UTC")), dt.datetime(1905, 3, 1, tzinfo=paris)),
        ),
    )
    data = stievents.export(event, "jsonld", now=NOW)
    assert json.loads(data)["eventSchedule"]["exceptDate"] == ["1911-01-01T00:00:00+00:00", "1905-02-28T23:50:39+00:00"]
    (back,) = stievents.read(data, "jsonld").events
    assert [d.timestamp() for d in back.recurrence.exdates] == [d.timestamp() for d in event.recurrence.exdates]
    assert stievents.export(back, "jsonld", now=NOW) == data


@pytest.mark.parametrize("zone_name", ZONES)
def test_every_generated_zone_reads_back_to_the_same_text(zone_name):
    """Each offset a strategy zone has had since 1800 (whole minutes) reads back to a zone with that offset then."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = dt.datetime(1800, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2060:
        local = moment.astimezone(zone)
        text = local.isoformat()
        offset = local.utcoffset()
        if offset is not None and not offset % dt.timedelta(minutes=1):
            reading = read_temporal(text, ())
            assert isinstance(reading.value, dt.datetime)
            assert reading.value.isoformat() == text, (zone_name, text, reading.value.tzinfo)
        moment += dt.timedelta(days=29, hours=7)


@pytest.mark.parametrize(
    ("doc", "path", "words"),
    [
        ({**BASE, "name": None}, "$.name", "needs a name"),
        ({k: v for k, v in BASE.items() if k != "startDate"}, "$.startDate", "needs a startDate"),
        ({**BASE, "startDate": "next Tuesday"}, "$.startDate", "expected an ISO 8601"),
        ({**BASE, "@context": "https://example.org/ctx"}, "$.@context", "only schema.org"),
        (
            {"@context": "https://schema.org", "@graph": [BASE, {**BASE, "startDate": "2024-13-40"}]},
            "$.@graph[1].startDate",
            "invalid date",
        ),
        ({"@context": "https://schema.org", "@type": "Place", "name": "x"}, "$", "no schema.org Event found"),
    ],
)
def test_problems_are_named_by_path(doc, path, words):
    result = _read(doc)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert any(p.path == path and words in p.message for p in errors), result.problems
    with pytest.raises(ValidationError):
        stievents.read(json.dumps(doc), "jsonld")


def test_warnings_for_dropped_values():
    result = _read(
        {
            **BASE,
            "url": "relative/page.html",
            "location": {"@type": "Place", "name": "Hall", "address": {"addressCountry": "Narnia"}},
        }
    )
    (event,) = result.events
    assert event.url is None
    assert event.venue == stievents.Venue(name="Hall")
    paths = {p.path for p in result.problems if p.severity is Severity.WARNING}
    assert {"$.url", "$.location.address.addressCountry"} <= paths


@pytest.mark.parametrize(
    "country",
    [
        "Germany",
        "germany ",
        "Deutschland",
        "Allemagne",
        "Alemania",
        "DEU",
        "de",
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Deutschland"},
        {"@type": "Country", "identifier": "DE", "name": "Federal Republic of Germany"},
        [{"@type": "Country", "name": "Germany"}],
    ],
)
def test_a_country_name_or_node_gives_its_code(country):
    place = {"@type": "Place", "name": "Hall", "address": {"@type": "PostalAddress", "addressCountry": country}}
    organiser = {"@type": "Organization", "name": "Org", "address": {"addressCountry": country}}
    result = _read({**BASE, "location": place, "organizer": organiser})
    (event,) = result.events
    assert event.venue is not None
    assert event.venue.country == "DE"
    assert [o.country for o in event.organisers] == ["DE"]
    assert not [p for p in result.problems if "addressCountry" in p.path]  # a match is no warning


@pytest.mark.parametrize(
    ("country", "code"),
    [("United Kingdom", "GB"), ("UK", "GB"), ("USA", "US"), ("Royaume-Uni", "GB"), ("Côte d'Ivoire", "CI")],
)
def test_usual_country_names(country, code):
    place = {"@type": "Place", "name": "Hall", "address": {"addressCountry": country}}
    (event,) = _read({**BASE, "location": place}).events
    assert event.venue is not None
    assert event.venue.country == code


def test_an_unknown_country_is_one_warning_naming_it():
    place = {"@type": "Place", "name": "Hall", "address": {"addressCountry": {"@type": "Country", "name": "Narnia"}}}
    result = _read({**BASE, "location": place})
    (event,) = result.events
    assert event.venue == stievents.Venue(name="Hall")
    assert [str(p) for p in result.problems if "addressCountry" in p.path] == [
        "$.location.address.addressCountry: warning: 'Narnia' is neither an ISO 3166-1 code nor a country name; dropped"
    ]


def test_html_character_references_are_decoded_with_one_warning_per_field():
    doc = {
        **BASE,
        "name": "Jazz &#8211; live &amp; loud &#8211; again",
        "description": "Caf&eacute;&nbsp;concert",
        "keywords": ["rock &amp; roll", "jazz"],
        "location": {"@type": "Place", "name": "Salle &quot;Pleyel&quot;"},
        "url": "https://example.org/?a=1&b=2&para=3",
    }
    result = _read(doc)
    (event,) = result.events
    assert event.title == "Jazz \u2013 live & loud \u2013 again"
    assert event.description == "Caf\u00e9\u00a0concert"
    assert event.topics == ("rock & roll", "jazz")
    assert event.venue is not None
    assert event.venue.name == 'Salle "Pleyel"'
    assert event.url == "https://example.org/?a=1&b=2&para=3"  # &para without ; is not a reference here
    warned = [p.path for p in result.problems if "character references" in p.message]
    assert warned == ["$.name", "$.description", "$.keywords[0]", "$.location.name"]
    assert all(p.severity is Severity.WARNING for p in result.problems)


def test_references_are_decoded_once_and_in_nodes_named_by_id():
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {**BASE, "name": "R&amp;amp;D", "location": {"@id": "#hall"}, "organizer": {"@id": "#org"}},
            {"@id": "#hall", "@type": "Place", "name": "Hall &#8470; 1"},
            {"@id": "#org", "@type": "Organization", "name": "A &amp; B"},
        ],
    }
    result = _read(doc)
    (event,) = result.events
    assert event.title == "R&amp;D"  # escaped twice by the page: decoded once, as written in the JSON
    assert event.venue is not None
    assert event.venue.name == "Hall \u2116 1"
    assert [o.name for o in event.organisers] == ["A & B"]
    warned = [p.path for p in result.problems if "character references" in p.message]
    assert warned == ["$.@graph[0].name", "$.@graph[1].name", "$.@graph[2].name"]


def test_markup_in_a_description_is_taken_out():
    doc = {
        **BASE,
        "description": "<p>Doors at 7&nbsp;pm.</p><ul><li>Talk</li><li>Q&amp;A</li></ul><p>Use <b>a</b> <ticket></p>",
        "subEvent": [{"@type": "Event", "name": "S", "description": "&lt;p&gt;Keynote&lt;/p&gt;"}],
    }
    result = _read(doc)
    (event,) = result.events
    assert event.description == "Doors at 7\u00a0pm.\n\n- Talk\n- Q&A\n\nUse a <ticket>"
    assert event.sessions[0].description == "Keynote"
    assert [(p.path, p.message) for p in result.problems if "markup" in p.message] == [
        ("$.description", "held HTML markup: tags removed, character references decoded"),
        ("$.subEvent[0].description", "held HTML markup: tags removed, character references decoded"),
    ]


def test_text_of_our_own_export_is_kept_as_written(fixed_now):
    """What the exporter wrote is the model's text: ``&amp;`` or ``<p>`` in it round-trips, never decoded."""
    base = stievents.example("oecd-co-creation-2020")
    hostile = "&amp; &lt; &#x27; <p>x</p>"
    for url in (None, "https://example.org/events/x"):
        event = attrs.evolve(base, title=hostile, description=hostile, url=url)
        result = stievents.read(stievents.export(event, "jsonld", now=fixed_now), "jsonld")
        (back,) = result.events
        assert (back.title, back.description) == (hostile, hostile)
        assert not [p for p in result.problems if "HTML" in p.message]
    event = attrs.evolve(base, title=hostile)
    data = stievents.export(event, "jsonld", now=fixed_now, base_url="https://example.org/e/")
    (back,) = stievents.read(data, "jsonld").events
    assert back.title == hostile


def test_text_without_markup_is_unchanged():
    doc = {**BASE, "name": "R&D: a < b > c", "description": "AT&T &copy 2020, 1 < 2"}
    result = _read(doc)
    (event,) = result.events
    assert (event.title, event.description) == ("R&D: a < b > c", "AT&T &copy 2020, 1 < 2")
    assert not [p for p in result.problems if "HTML" in p.message]


def test_garbage_is_a_format_error():
    for data in (b"", b"{", b"\xff\xfe", b"42"):
        with pytest.raises(FormatError):
            stievents.read(data, "jsonld")


# What every schema.org example in ../shared/interop/jsonld/ (read in place) gives: events read, errors (path, words).
CORPUS_EXPECTED = {
    "schemaorg_eg-0009.jsonld": (0, [("$.event[0].name", "needs a name"), ("$.event[1].name", "needs a name")]),
    "schemaorg_eg-0012.jsonld": (1, []),
    "schemaorg_eg-0014.jsonld": (1, []),
    "schemaorg_eg-0170.jsonld": (1, []),
    "schemaorg_eg-0171.jsonld": (1, []),
    "schemaorg_eg-0172.jsonld": (0, [("$", "no schema.org Event found (found Offer, Place)")]),
    "schemaorg_eg-0173.jsonld": (1, []),
    "schemaorg_eg-0174.jsonld": (1, []),
    "schemaorg_eg-0180.jsonld": (1, []),
    "schemaorg_eg-0189.jsonld": (1, []),
    "schemaorg_eg-0190.jsonld": (1, []),
    "schemaorg_eg-0228.jsonld": (0, [("$.about.startDate", "needs a startDate")]),
    "schemaorg_eg-0240.jsonld": (1, []),
    "schemaorg_eg-0241.jsonld": (0, [("$.startDate", "gives no startDate either")]),
    "schemaorg_eg-0242.jsonld": (1, []),
    "schemaorg_eg-0243.jsonld": (0, [("$.startDate", "gives no startDate either")]),
    "schemaorg_eg-0244.jsonld": (0, [("$.startDate", "gives no startDate either")]),
    "schemaorg_eg-0313.jsonld": (2, [("$[2].name", "needs a name")]),
    "schemaorg_eg-0426.jsonld": (1, []),
    "schemaorg_eg-0436.jsonld": (1, []),
    "schemaorg_eg-0461.jsonld": (1, []),
}


def test_corpus_is_complete():
    assert sorted(p.name for p in shared(CORPUS).glob("*.jsonld")) == sorted(CORPUS_EXPECTED)


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_corpus(name):
    want_count, want_errors = CORPUS_EXPECTED[name]
    result = stievents.read(shared(CORPUS / name).read_bytes(), "jsonld", lenient=True)
    assert len(result.events) == want_count
    errors = [(p.path, p.message) for p in result.problems if p.severity is Severity.ERROR]
    assert len(errors) == len(want_errors), errors
    for (path, message), (want_path, words) in zip(errors, want_errors, strict=True):
        assert path == want_path
        assert words in message


def test_corpus_details():
    (kira,) = stievents.read(shared(CORPUS / "schemaorg_eg-0170.jsonld").read_bytes(), "jsonld").events
    assert kira.attendance_mode is stievents.AttendanceMode.MIXED
    assert kira.virtual_location == stievents.VirtualLocation(
        url="https://operaonline.stream5.com/", join_url_public=True
    )
    assert kira.venue is not None
    assert (kira.venue.country, kira.venue.locality) == ("US", "Snickertown")
    assert kira.image == stievents.Image(url="https://example.com/photos/1x1/photo.jpg")
    (tai_chi,) = stievents.read(shared(CORPUS / "schemaorg_eg-0240.jsonld").read_bytes(), "jsonld", lenient=True).events
    assert str(tai_chi.start.tzinfo) == "Europe/London"
    assert tai_chi.recurrence == stievents.Recurrence(rule="FREQ=WEEKLY;UNTIL=20171231T235959Z;BYDAY=WE")
    rio = stievents.read(shared(CORPUS / "schemaorg_eg-0313.jsonld").read_bytes(), "jsonld", lenient=True).events[0]
    (series,) = rio.related_events
    assert (series.id, series.relation, series.title) == ("olympic-games", stievents.Relation.SERIES, "Olympic Games")
    (cancelled,) = stievents.read(shared(CORPUS / "schemaorg_eg-0171.jsonld").read_bytes(), "jsonld").events
    assert cancelled.status is EventStatus.CANCELLED


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(TEXT_CHARACTERS, min_size=1, max_size=40).filter(str.strip),
    description=st.text(TEXT_CHARACTERS, max_size=60),
)
def test_any_text_round_trips(title, description):
    fixed_now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    event = attrs.evolve(stievents.example("oecd-co-creation-2020"), title=title, description=description or None)
    (back,) = stievents.read(stievents.export(event, "jsonld", now=fixed_now), "jsonld").events
    assert back.title == title
    assert back.description == (description or None)
