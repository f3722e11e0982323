"""Tests of the format, using the fixtures and contract checks stievents provides to plugin authors.

The fixtures ``fixed_now``, ``reference_event``, ``demo_event`` and ``example_events``
come from stievents' pytest plugin, registered automatically.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
import stievents.api
from stievents.testing import contract
from stievents.testing.strategies import TEXT_CHARACTERS

FORMAT_NAME = "{{ cookiecutter.format_name }}"


def test_format_is_installed():
    assert FORMAT_NAME in [info.name for info in stievents.api.formats()]


def test_preview_command(capsys):
    from stievents.cli import main

    assert main([f"{FORMAT_NAME}-preview", "--example", "demo-hybrid-forum"]) == 0
    assert stievents.example("demo-hybrid-forum").title in capsys.readouterr().out
    assert main([f"{FORMAT_NAME}-preview", "--example", "no-such-example"]) == 2


def test_contract(example_events, fixed_now):
    contract.check_exporter(FORMAT_NAME, example_events, now=fixed_now)


@pytest.mark.parametrize("name", stievents.example_names())
def test_each_example(name, fixed_now):
    contract.check_exporter(FORMAT_NAME, [stievents.example(name)], now=fixed_now)


def test_reference_event(reference_event, fixed_now):
    text = stievents.export(reference_event, FORMAT_NAME, now=fixed_now).decode("utf-8")
    assert reference_event.title in text
    assert "2020-03-05 09:30 CET (Europe/Paris)" in text  # the zone the event is published in
    assert "moved-online (due to recent Coronavirus developments)" in text


@settings(max_examples=50, deadline=None)
@given(title=st.text(TEXT_CHARACTERS, min_size=1).filter(str.strip))
def test_user_text_cannot_forge_lines(title):
    event = attrs.evolve(stievents.example("oecd-co-creation-2020"), title=title)
    text = stievents.export(event, FORMAT_NAME).decode("utf-8")
    first_line = text.splitlines()[0]
    assert first_line == " ".join(title.split())
