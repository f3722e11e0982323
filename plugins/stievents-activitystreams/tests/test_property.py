"""Generated events (stievents.testing.strategies): declared facts survive, output stays stable, text stays text."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings

import stievents
from stievents.testing import contract, strategies

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(event=strategies.events())
def test_declared_facts_survive(event):
    (back,) = contract.check_round_trip("activitystreams", [event], now=NOW)
    assert sorted(back.translations, key=lambda t: t.language) == sorted(event.translations, key=lambda t: t.language)
    if not event.is_all_day:  # timed events keep instant and IANA zone
        assert (back.start, back.end, back.timezone) == (event.start, event.end, event.timezone)
    if event.created is not None:
        assert back.created == event.created  # the instant (its zone is the event's on the way back)


@SETTINGS
@given(events=strategies.event_lists(hostile=True))
def test_hostile_text_stays_text(events):
    data = stievents.export(events, "activitystreams", now=NOW)
    document = json.loads(data)
    items = [document] if len(events) == 1 else document["orderedItems"]
    for item in items:
        for markup in [item.get("content", ""), *item.get("contentMap", {}).values()]:
            _check_markup(markup)
        for summary in [item.get("summary", ""), *item.get("summaryMap", {}).values()]:
            assert "<" not in summary
    back = stievents.read(data, "activitystreams").events
    assert [(e.title, e.subtitle, e.description) for e in back] == [
        (e.title, e.subtitle, e.description) for e in events
    ]


class _OnlyParagraphs(HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag in {"p", "br"}, tag
        assert not attrs, attrs

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        raise AssertionError(f"comment in generated HTML: {data!r}")

    def handle_decl(self, decl):
        raise AssertionError(f"declaration in generated HTML: {decl!r}")


def _check_markup(markup: str) -> None:
    parser = _OnlyParagraphs()
    parser.feed(markup)
    parser.close()
