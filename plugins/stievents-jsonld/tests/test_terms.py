"""Classifications in JSON-LD: the code's IRI, the scheme's IRI and page, labels in ``keywords``, and back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
from stievents.api import classification_schemes
from stievents.model import Classification, Event, PolicyQuestion

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _schemes() -> dict[str, Any]:
    return {s.id: s for s in classification_schemes()}


def _event(classifications: tuple[Classification, ...], topics: tuple[str, ...] = ()) -> Event:
    example = stievents.example("oecd-co-creation-2020")
    return attrs.evolve(example, classifications=classifications, topics=topics, policy_questions=())


def _round_trip(event: Event) -> tuple[dict[str, Any], Event]:
    data = stievents.export(event, "jsonld", now=NOW)
    (back,) = stievents.read(data, "jsonld").events
    return json.loads(data), back


def test_a_code_with_an_iri_is_written_as_the_terms_id_and_its_label_as_a_keyword() -> None:
    sdg = _schemes()["un-sdg"]
    event = _event(
        (Classification(scheme="un-sdg", code="13"), Classification(scheme="un-sdg", code="9.5", edition="2015")),
        topics=("climate",),
    )
    doc, back = _round_trip(event)
    first, second = doc["about"]
    assert first["@id"] == sdg.code_iri("13") == "http://metadata.un.org/sdg/13"
    assert second["@id"] == sdg.code_iri("9.5")
    assert "name" not in first  # the classification has no label of its own: the model's facts are kept apart
    assert first["inDefinedTermSet"] == {
        "@type": "DefinedTermSet",
        "@id": sdg.iri,
        "identifier": "un-sdg",
        "url": sdg.url,
    }
    assert doc["keywords"] == ["climate", sdg.label("13"), sdg.label("9.5")]
    assert back.classifications == event.classifications
    assert back.topics == ("climate",)


def test_a_code_without_an_iri_or_scheme_gets_no_id() -> None:
    theme = _schemes()["stip-compass-theme"]
    code, label = theme.codes[0]
    event = _event(
        (
            Classification(scheme="stip-compass-theme", code=code),
            Classification(scheme="local-themes", code="L1", label="Local theme"),
            Classification(scheme="local-themes", code="L2"),
        )
    )
    doc, back = _round_trip(event)
    assert all("@id" not in term for term in doc["about"])
    assert doc["about"][0]["inDefinedTermSet"]["url"] == theme.url
    assert "url" not in doc["about"][1]["inDefinedTermSet"]
    assert doc["keywords"] == [label, "Local theme"]  # L2 has no label anywhere
    assert back.classifications == event.classifications
    assert back.topics == ()


def test_policy_question_terms_carry_iris_but_add_no_keywords() -> None:
    question = PolicyQuestion(text="Which goals?", classifications=(Classification(scheme="un-sdg", code="4"),))
    event = attrs.evolve(_event(()), policy_questions=(question,), topics=("education",))
    doc, back = _round_trip(event)
    (node,) = [a for a in doc["about"] if a["@type"] == "Question"]
    assert node["about"][0]["@id"] == "http://metadata.un.org/sdg/4"
    assert doc["keywords"] == ["education"]
    assert back.policy_questions[0].classifications == question.classifications


def test_foreign_keywords_that_do_not_end_with_the_labels_are_kept() -> None:
    sdg = _schemes()["un-sdg"]
    node = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "A meeting",
        "startDate": "2030-01-01",
        "keywords": [sdg.label("13"), "oceans"],
        "about": [{"@type": "DefinedTerm", "termCode": "13", "inDefinedTermSet": {"identifier": "un-sdg"}}],
    }
    (event,) = stievents.read(json.dumps(node), "jsonld", lenient=True).events
    assert event.topics == (sdg.label("13"), "oceans")


_CODES = st.sampled_from(["13", "9", "9.5", "17.19", "TH31", "TG9", "PI007", "X1"])
_SCHEME_IDS = st.sampled_from(["un-sdg", "stip-compass", "stip-compass-theme", "other-scheme"])
_LABELS = st.none() | st.sampled_from(["Climate action", "Own label", "climate"])


@settings(max_examples=60, deadline=None)
@given(
    classifications=st.lists(st.builds(Classification, scheme=_SCHEME_IDS, code=_CODES, label=_LABELS), max_size=4).map(
        tuple
    ),
    topics=st.lists(st.sampled_from(["climate", "Climate action", "oceans", "Own label"]), max_size=3).map(tuple),
)
def test_topics_and_classifications_survive_whatever_labels_they_share(
    classifications: tuple[Classification, ...], topics: tuple[str, ...]
) -> None:
    event = _event(classifications, topics)
    _, back = _round_trip(event)
    assert back.classifications == event.classifications
    assert back.topics == event.topics
