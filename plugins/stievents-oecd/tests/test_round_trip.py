"""Generated events rendered by oecd-text and oecd-html, in English and French, read back to the same facts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from oecd_strategies import events
from oecd_support import NOW

import stievents
from stievents import model
from stievents.testing import contract
from stievents_oecd.fidelity import IMPORT_FACTS

# Another plugin's head markup (JSON-LD) carries facts the page does not show, such as the id.
_NO_HEAD: dict[str, dict[str, object]] = {"oecd-html": {"include_jsonld": False}, "oecd-text": {}}


def _dotted(event: model.Event, fact: str) -> list[object]:
    head, _, rest = fact.partition(".")
    value = getattr(event, head)
    items = value if isinstance(value, tuple) else (() if value is None else (value,))
    return [getattr(item, rest) for item in items]


def _check_dotted(original: model.Event, back: model.Event) -> None:
    for fact in sorted(f for f in IMPORT_FACTS if "." in f):
        assert _dotted(back, fact) == _dotted(original, fact), fact


@pytest.mark.parametrize("fmt", ["oecd-text", "oecd-html"])
@pytest.mark.parametrize("locale", ["en", "fr"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_generated_events_round_trip(fmt: str, locale: str, event: model.Event) -> None:
    exporter, importer = stievents.get_exporter(fmt), stievents.get_importer(fmt)
    assert exporter.fidelity >= IMPORT_FACTS
    assert importer.fidelity == IMPORT_FACTS
    (back,) = contract.check_round_trip(fmt, [event], now=NOW, locale=locale, **_NO_HEAD[fmt])
    _check_dotted(event, back)


@settings(max_examples=20, deadline=None)
@given(first=events(), second=events())
def test_several_events_in_one_text(first: model.Event, second: model.Event) -> None:
    back = contract.check_round_trip("oecd-text", [first, second], now=NOW)
    _check_dotted(first, back[0])
    _check_dotted(second, back[1])
