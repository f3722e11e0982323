"""The google validation profile: honest about what the event does not give, never filling gaps."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import stievents
from stievents.errors import Severity
from stievents.model import AttendanceMode, EventStatus, Image, Registration, Venue, VirtualLocation


def _findings(events):  # type: ignore[no-untyped-def]
    return {(p.severity, p.path, p.message) for p in stievents.validate(events, profile="google")}


def _paths(events, severity):  # type: ignore[no-untyped-def]
    return sorted(path for sev, path, _ in _findings(events) if sev is severity)


def test_reference_event_lists_what_the_page_does_not_give(reference_event):
    assert _paths(reference_event, Severity.ERROR) == []
    warnings = _paths(reference_event, Severity.WARNING)
    assert warnings == [
        "$.events[0].image",
        "$.events[0].location",
        "$.events[0].offers",
        "$.events[0].performer",
    ]
    messages = " ".join(m for _, _, m in _findings(reference_event))
    assert "no join URL" in messages
    assert "no image" in messages


def test_profile_never_changes_the_event(reference_event):
    before = stievents.export(reference_event, "jsonld", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    stievents.validate(reference_event, profile="google")
    after = stievents.export(reference_event, "jsonld", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert before == after


def test_private_join_link_is_an_error(demo_event):
    errors = _paths(demo_event, Severity.ERROR)
    assert errors == ["$.events[0].location.url"]
    public = attrs.evolve(
        demo_event,
        virtual_location=VirtualLocation(url="https://meet.example.org/j/1", join_url_public=True),
    )
    assert _paths(public, Severity.ERROR) == []


def test_required_properties(reference_event):
    bare = attrs.evolve(
        reference_event, venue=None, attendance_mode=None, status=EventStatus.SCHEDULED, status_history=()
    )
    assert "$.events[0].location" in _paths(bare, Severity.ERROR)
    no_address = attrs.evolve(reference_event, venue=Venue(name="Somewhere"))
    assert "$.events[0].location.address" in _paths(no_address, Severity.ERROR)


def test_complete_event_is_clean(reference_event):
    event = attrs.evolve(
        reference_event,
        attendance_mode=AttendanceMode.MIXED,
        status=EventStatus.SCHEDULED,
        status_history=(),
        virtual_location=VirtualLocation(url="https://meet.example.org/j/1", join_url_public=True),
        image=Image(url="https://example.org/a.png"),
        registration=Registration(url="https://example.org/register", free=True),
        sessions=(stievents.Session(id="talk", title="Talk", speakers=(stievents.Person(name="A. Speaker"),)),),
    )
    remaining = _findings(event)
    assert {p for _, p, _ in remaining} == {
        "$.events[0].offers.priceCurrency",
        "$.events[0].offers.availability",
        "$.events[0].offers.validFrom",
    }
    assert all(sev is Severity.WARNING for sev, _, _ in remaining)


def test_rescheduled_without_previous_start(demo_event):
    history = (stievents.StatusChange(status=EventStatus.RESCHEDULED),)
    event = attrs.evolve(demo_event, status_history=history)
    assert "$.events[0].previousStartDate" in _paths(event, Severity.WARNING)
    assert "$.events[0].previousStartDate" not in _paths(demo_event, Severity.WARNING)


def test_guidelines(reference_event):
    all_day = attrs.evolve(reference_event, start=dt.date(2020, 3, 5), end=dt.date(2020, 3, 6), sessions=())
    assert "$.events[0].startDate" in _paths(all_day, Severity.WARNING)
    twice = _findings([reference_event, attrs.evolve(reference_event, id="copy")])
    assert any(path == "$.events[1].location" and "one event per location" in msg for _, path, msg in twice)


def test_unknown_profile_is_an_error(reference_event):
    with pytest.raises(stievents.UnknownFormatError):
        stievents.validate(reference_event, profile="no-such-profile")


def test_cli_validate_with_google_profile(capsys):
    from stievents.cli import main

    code = main(["validate", "--example", "oecd-co-creation-2020", "--profile", "google"])
    err = capsys.readouterr().err
    assert code == 0  # warnings only
    assert "$.events[0].image: warning: image is recommended" in err
    assert "no join URL" in err
    assert main(["validate", "--example", "demo-hybrid-forum", "--profile", "google"]) != 0
    assert "$.events[0].location.url: error: a VirtualLocation needs a url" in capsys.readouterr().err
