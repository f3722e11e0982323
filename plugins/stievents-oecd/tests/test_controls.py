"""OECD pages with stray control characters: U+FFFD and one warning per field, not a lost event."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stievents
from stievents.errors import FormatError, Severity

EVENT = stievents.example("oecd-co-creation-2020")
TITLE = "Workshop on co-creation"
OPENING = "Innovation is increasingly"
DIRTY_TITLE = "Workshop\x0bon\x00 co-creation\x1b"
DIRTY_OPENING = "Innovation\x0bis\x00 increasingly\x1b"
NOTE = "replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD"


def _page(fmt: str) -> bytes:
    page = stievents.export(EVENT, fmt).decode("utf-8")
    assert TITLE in page
    assert OPENING in page
    return page.replace(TITLE, DIRTY_TITLE).replace(OPENING, DIRTY_OPENING).encode("utf-8")


def _warnings(result: stievents.ImportResult) -> dict[str, str]:
    assert all(p.severity is Severity.WARNING for p in result.problems), result.problems
    return {p.path: p.message for p in result.problems if p.message.startswith("replaced ")}


@pytest.mark.parametrize("fmt", ["oecd-text", "oecd-html"])
def test_controls_are_replaced_with_one_warning_per_field(fmt: str) -> None:
    clean = stievents.read(stievents.export(EVENT, fmt), fmt).events[0]
    result = stievents.read(_page(fmt), fmt)  # strict: no error
    (event,) = result.events
    assert event.title == clean.title.replace(TITLE, "Workshop\ufffdon\ufffd co-creation\ufffd")
    assert event.description is not None
    assert clean.description is not None
    assert event.description == clean.description.replace(OPENING, "Innovation\ufffdis\ufffd increasingly\ufffd")
    assert event.id == clean.id.replace("workshop-on", "workshopon")  # U+FFFD, like any symbol, leaves no mark
    assert _warnings(result) == {"$.events[0].title": NOTE, "$.events[0].description": NOTE}


def test_nested_fields_are_named_by_their_model_path() -> None:
    page = stievents.export(EVENT, "oecd-text").decode("utf-8")
    question = EVENT.policy_questions[1].text
    assert question in page
    result = stievents.read(page.replace(question, question + "\x07"), "oecd-text")
    assert result.events[0].policy_questions[1].text == question + "\ufffd"
    assert _warnings(result) == {
        "$.events[0].policy_questions[1].text": "replaced 1 control character (U+0007) with U+FFFD"
    }


def test_a_warning_quoting_the_page_shows_the_replacement_not_a_stand_in() -> None:
    page = stievents.export(EVENT, "oecd-text").decode("utf-8").replace("Russian Federation", "Narnia\x1b")
    result = stievents.read(page, "oecd-text", lenient=True)
    messages = [p.message for p in result.problems if "Narnia" in p.message]
    assert messages
    assert all("Narnia\\x1b" in m for m in messages), messages  # as repr() shows it: escaped, not raw


def test_form_feed_in_html_is_whitespace() -> None:
    """HTML counts U+000C as white space (it is no parse error there), so it is collapsed, not replaced."""
    page = stievents.export(EVENT, "oecd-html").decode("utf-8").replace(TITLE, "Workshop\x0con co-creation")
    result = stievents.read(page.encode(), "oecd-html")
    assert TITLE in result.events[0].title
    assert _warnings(result) == {}


def test_a_page_of_nuls_is_still_not_a_text_page() -> None:
    utf16 = stievents.export(EVENT, "oecd-text").decode("utf-8").encode("utf-16-le")
    with pytest.raises(FormatError, match="NUL"):
        stievents.read(utf16, "oecd-text")


@pytest.mark.parametrize("fmt", ["oecd-text", "oecd-html"])
def test_cli_convert_reports_the_warnings(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes(_page(fmt))
    target = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "stievents", "convert", str(source), "--from", fmt, "--to", "json", "-o", str(target)],
        capture_output=True,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert f"$.events[0].title: warning: {NOTE}" in stderr
    (event,) = json.loads(target.read_text("utf-8"))["events"]
    assert "Workshop\ufffdon\ufffd co-creation\ufffd" in event["title"]


def test_a_page_holding_a_stand_in_character_is_repaired_page_wide() -> None:
    """A private-use character of the stand-in range on the page: kept, and its controls named for the page."""
    private = chr(0xF0005)
    page = _page("oecd-text").decode("utf-8").replace("Moscow", f"Moscow{private}", 1)
    result = stievents.read(page, "oecd-text")
    (event,) = result.events
    assert "Workshop\ufffdon\ufffd co-creation\ufffd" in event.title
    assert private in event.title
    assert _warnings(result) == {"$.events[0]": NOTE.replace("3 control", "6 control")}  # title and opening
