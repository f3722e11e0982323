"""Generated events rendered by oecd-text and oecd-html, in English and French, read back to the same facts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from oecd_strategies import events
from oecd_support import NOW

import stievents
from stievents import model
from stievents.testing import contract
from stievents_oecd.fidelity import HTML_IMPORT_FACTS, IMPORT_FACTS, TEXT_IMPORT_FACTS

FACTS = {"oecd-html": HTML_IMPORT_FACTS, "oecd-text": TEXT_IMPORT_FACTS}

# Another plugin's head markup (JSON-LD) carries facts the page does not show, such as the id.
_NO_HEAD: dict[str, dict[str, object]] = {"oecd-html": {"include_jsonld": False}, "oecd-text": {}}


def _dotted(value: object, fact: str) -> list[object]:
    """The values of a dotted fact, item by item (``sessions.speakers.name``: one list per session)."""
    head, _, rest = fact.partition(".")
    value = getattr(value, head)
    items = value if isinstance(value, tuple) else (() if value is None else (value,))
    if not rest:
        return list(items)
    return [_dotted(item, rest) if "." in rest else getattr(item, rest) for item in items]


def _zones(values: list[object]) -> list[object]:
    return [(str(v.tzinfo), v.fold) if isinstance(v, dt.datetime) else v for v in values]


def _check_dotted(original: model.Event, back: model.Event, facts: frozenset[str] = IMPORT_FACTS) -> None:
    for fact in sorted(f for f in facts if "." in f):
        assert _dotted(back, fact) == _dotted(original, fact), fact
        if fact in ("sessions.start", "sessions.end"):
            assert _zones(_dotted(back, fact)) == _zones(_dotted(original, fact)), fact
    # a session's questions, by their text: text pages link by text and number the questions themselves
    texts = [[_question(original, q) for q in s.policy_question_ids] for s in original.sessions]
    assert [[_question(back, q) for q in s.policy_question_ids] for s in back.sessions] == texts


def _question(event: model.Event, question_id: str) -> str:
    return next(q.text for q in event.policy_questions if q.id == question_id)


@pytest.mark.parametrize("fmt", ["oecd-text", "oecd-html"])
@pytest.mark.parametrize("locale", ["en", "fr"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_generated_events_round_trip(fmt: str, locale: str, event: model.Event) -> None:
    exporter, importer = stievents.get_exporter(fmt), stievents.get_importer(fmt)
    assert exporter.fidelity >= FACTS[fmt]
    assert importer.fidelity == FACTS[fmt]
    (back,) = contract.check_round_trip(fmt, [event], now=NOW, locale=locale, **_NO_HEAD[fmt])
    _check_dotted(event, back, FACTS[fmt])


@settings(max_examples=20, deadline=None)
@given(first=events(), second=events())
def test_several_events_in_one_text(first: model.Event, second: model.Event) -> None:
    back = contract.check_round_trip("oecd-text", [first, second], now=NOW)
    _check_dotted(first, back[0], TEXT_IMPORT_FACTS)
    _check_dotted(second, back[1], TEXT_IMPORT_FACTS)
