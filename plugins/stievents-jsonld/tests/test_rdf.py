"""Processors written by others: pyld (expand/compact), rdflib (graphs), and the schema.org 30.0 vocabulary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonld_support import offline_loader, rich_event, schema_context, vocabulary

import stievents

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SCHEMA = "http://schema.org/"  # the 30.0 context maps terms to http://schema.org/


def _documents() -> list[tuple[str, Any]]:
    events = [stievents.example(n) for n in stievents.example_names()] + [rich_event()]
    docs = [(e.id, json.loads(stievents.export(e, "jsonld", now=NOW))) for e in events]
    docs.append(("graph", json.loads(stievents.export(events, "jsonld", now=NOW))))
    return docs


DOCS = _documents()
IDS = [name for name, _ in DOCS]


def _expand(doc: Any) -> list[Any]:
    from pyld import jsonld

    return jsonld.expand(doc, {"documentLoader": offline_loader})  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS)
def test_pyld_expands_and_compacts(name, doc):
    from pyld import jsonld

    expanded = _expand(doc)
    assert expanded, "nothing survived expansion: unknown terms are dropped by JSON-LD"
    compacted = jsonld.compact(expanded, "https://schema.org", {"documentLoader": offline_loader})
    assert _expand(compacted) == expanded
    # Every term we wrote is known to the context: expansion drops unknown keys silently.
    text = json.dumps(expanded)
    assert '"@value": "Workshop on co-creation' in text or name != "oecd-co-creation-2020"


def _walk_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_keys(item)


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS)
def test_no_term_is_dropped_by_expansion(name, doc):
    context = schema_context()["@context"]
    for key in set(_walk_keys(doc)):
        assert key.startswith("@") or key in context, f"{key!r} is not a schema.org 30.0 term"


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS)
def test_rdflib_graph_is_isomorphic_to_expanded_form(name, doc):
    import rdflib
    from rdflib.compare import to_isomorphic

    expanded = _expand(doc)
    from_expanded = rdflib.Graph().parse(data=json.dumps(expanded), format="json-ld")
    compact_with_local_context = {**doc, "@context": schema_context()["@context"]}
    from_compact = rdflib.Graph().parse(data=json.dumps(compact_with_local_context), format="json-ld")
    assert len(from_expanded) > 20
    assert to_isomorphic(from_expanded) == to_isomorphic(from_compact)


def _supertypes(graph: Any, name: str) -> set[str]:
    import rdflib

    found = {name}
    stack = [name]
    while stack:
        current = stack.pop()
        for parent in graph.objects(rdflib.URIRef(SCHEMA + current), rdflib.RDFS.subClassOf):
            local = str(parent).removeprefix(SCHEMA)
            if local not in found:
                found.add(local)
                stack.append(local)
    return found


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS)
def test_every_type_and_property_fits_the_vocabulary(name, doc):
    import rdflib

    vocab = vocabulary()
    graph = rdflib.Graph().parse(data=json.dumps(_expand(doc)), format="json-ld")
    checked = 0
    for subject in set(graph.subjects()):
        kinds = [str(o).removeprefix(SCHEMA) for o in graph.objects(subject, rdflib.RDF.type)]
        assert kinds, f"{subject} has no @type"
        allowed: set[str] = set()
        for kind in kinds:
            assert (rdflib.URIRef(SCHEMA + kind), rdflib.RDF.type, rdflib.RDFS.Class) in vocab, f"unknown type {kind}"
            allowed |= _supertypes(vocab, kind)
        for predicate in set(graph.predicates(subject)):
            if predicate == rdflib.RDF.type:
                continue
            prop = str(predicate).removeprefix(SCHEMA)
            assert (predicate, rdflib.RDF.type, rdflib.RDF.Property) in vocab, f"unknown property {prop}"
            domains = {
                str(d).removeprefix(SCHEMA) for d in vocab.objects(predicate, rdflib.URIRef(SCHEMA + "domainIncludes"))
            }
            assert domains & allowed, f"{prop} is not expected on {kinds} (domainIncludes {sorted(domains)})"
            checked += 1
    assert checked > 20


def test_event_subtypes_match_the_vocabulary():
    import rdflib
    from stievents_jsonld._vocab import EVENT_TYPES

    vocab = vocabulary()
    event = rdflib.URIRef(SCHEMA + "Event")
    subtypes = {
        str(s).removeprefix(SCHEMA) for s in vocab.subjects(rdflib.RDFS.subClassOf * rdflib.paths.OneOrMore, event)
    }
    assert subtypes | {"Event"} == EVENT_TYPES


def test_enumeration_values_exist():
    import rdflib
    from stievents_jsonld import _vocab

    vocab = vocabulary()
    for name in [*_vocab.STATUS_TO_SCHEMA.values(), *_vocab.MODE_TO_SCHEMA.values()]:
        assert any(vocab.triples((rdflib.URIRef(SCHEMA + name), rdflib.RDF.type, None))), name
