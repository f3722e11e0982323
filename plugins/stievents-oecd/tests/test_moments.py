"""Reading printed times: the IANA zone is the truth, the abbreviation is checked against it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from stievents.errors import Severity
from stievents_oecd import timefmt
from stievents_oecd.moments import parse_day, parse_moment

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_babel_english_time_keeps_narrow_no_break_space() -> None:
    text = timefmt.format_moment(dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS), "en")
    assert text == "Mar 5, 2020 9:30\u202fAM CET (Europe/Paris)"


def test_summer_abbreviation_comes_from_the_zone_database() -> None:
    text = timefmt.format_moment(dt.datetime(2020, 7, 5, 9, 30, tzinfo=PARIS), "fr")
    assert text == "5 juil. 2020 09:30 CEST (Europe/Paris)"


@pytest.mark.parametrize(
    "text",
    [
        "Mar 5, 2020 9:30\u202fAM CET (Europe/Paris)",
        "Mar 5, 2020 9:30 AM CET (Europe/Paris)",
        "5 mars 2020 09:30 CET (Europe/Paris)",
    ],
)
def test_reads_english_and_french(text: str) -> None:
    value, problems = parse_moment(text, "$.start")
    assert problems == []
    assert value == dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
    assert value is not None
    assert value.tzinfo == PARIS


def test_wrong_abbreviation_is_a_warning_naming_both() -> None:
    value, problems = parse_moment("Mar 5, 2020 9:30 AM CEST (Europe/Paris)", "$.start")
    assert value == dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
    (problem,) = problems
    assert problem.severity is Severity.WARNING
    assert "CEST" in problem.message
    assert "CET" in problem.message
    assert "Europe/Paris" in problem.message


def test_abbreviation_chooses_the_repeated_hour() -> None:
    first, p1 = parse_moment("Oct 25, 2020 2:30 AM CEST (Europe/Paris)", "$.start")
    second, p2 = parse_moment("Oct 25, 2020 2:30 AM CET (Europe/Paris)", "$.start")
    assert p1 == p2 == []
    assert first is not None
    assert second is not None
    assert (first.fold, second.fold) == (0, 1)
    assert second.astimezone(dt.UTC) - first.astimezone(dt.UTC) == dt.timedelta(hours=1)


def test_skipped_hour_is_an_error() -> None:
    value, problems = parse_moment("Mar 29, 2020 2:30 AM CET (Europe/Paris)", "$.start")
    assert value is None
    assert problems[0].severity is Severity.ERROR


@pytest.mark.parametrize("text", ["9:30 AM CET", "Mar 5, 2020 9:30 AM (Mars/Olympus)", "yesterday (Europe/Paris)"])
def test_unreadable_moments_are_problems(text: str) -> None:
    value, problems = parse_moment(text, "$.start")
    assert value is None
    assert problems
    assert problems[0].severity is Severity.ERROR


def test_day_alone() -> None:
    assert parse_day("5 févr. 2031", "$.start") == (dt.date(2031, 2, 5), [])


def test_date_summaries() -> None:
    d = dt.date
    assert timefmt.date_summary(d(2020, 3, 5), d(2020, 3, 6), "en") == "5-6 March 2020"
    assert timefmt.date_summary(d(2020, 3, 30), d(2020, 4, 2), "fr") == "30 mars-2 avril 2020"
    assert timefmt.date_summary(d(2020, 12, 30), d(2021, 1, 2), "en") == "30 December 2020-2 January 2021"
    assert timefmt.date_summary(d(2020, 3, 5), d(2020, 3, 5), "en") == "5 March 2020"
