"""The shipped JSON Schema: generated from the model, valid draft 2020-12, and agreeing with the reader."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import stievents
from stievents import Event, serialize
from stievents.examples import example_bytes
from stievents.schema import generate_schema, render_schema, schema_text
from stievents.testing import strategies as sst

VALIDATOR = jsonschema.Draft202012Validator


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    return VALIDATOR(json.loads(schema_text()), format_checker=VALIDATOR.FORMAT_CHECKER)


def test_shipped_schema_is_the_generated_one() -> None:
    assert schema_text() == render_schema(generate_schema()), "regenerate src/stievents/data/*.schema.json"


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    VALIDATOR.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is VALIDATOR


@pytest.mark.parametrize("name", stievents.example_names())
def test_examples_validate(validator: Any, name: str) -> None:
    validator.validate(json.loads(example_bytes(name)))


@given(sst.event_lists(hostile=True))
def test_generated_documents_validate(events: list[Event]) -> None:
    schema = json.loads(schema_text())
    VALIDATOR(schema).validate(json.loads(serialize.dumps(events)))


def _errors(validator: Any, document: Any) -> list[str]:
    return sorted(e.json_path for e in validator.iter_errors(document))


def test_unknown_keys_fail(validator: Any) -> None:
    document = json.loads(example_bytes("oecd-co-creation-2020"))
    document["events"][0]["colour"] = "red"
    assert _errors(validator, document) == ["$.events[0]"]
    document = json.loads(example_bytes("oecd-co-creation-2020"))
    document["events"][0]["venue"]["altitude"] = 150
    assert _errors(validator, document) == ["$.events[0].venue"]
    document = json.loads(example_bytes("oecd-co-creation-2020"))
    document["extra"] = 1
    assert _errors(validator, document) == ["$"]


def test_wrong_shapes_fail(validator: Any) -> None:
    document = json.loads(example_bytes("demo-hybrid-forum"))
    event = document["events"][0]
    event["revision"] = "3"
    event["status"] = "moved_online"
    event["start"] = "2031-06-10T09:00:00"
    event["sessions"][2]["start"] = 5
    del event["title"]
    assert _errors(validator, document) == [
        "$.events[0]",
        "$.events[0].revision",
        "$.events[0].sessions[2].start",
        "$.events[0].start",
        "$.events[0].status",
    ]


def test_major_version_2_fails(validator: Any) -> None:
    document = json.loads(example_bytes("demo-hybrid-forum"))
    document["format_version"] = "2.0"
    assert _errors(validator, document) == ["$.format_version"]
    document["format_version"] = "1.7"
    assert _errors(validator, document) == []


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()
