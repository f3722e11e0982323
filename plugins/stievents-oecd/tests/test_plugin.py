"""Registration, contract checks and the plugin's light import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import stievents
from stievents import api
from stievents.facts import check_facts
from stievents.testing import contract

FORMATS = {
    "oecd-html": "import+export",
    "oecd-listing-html": "export",
    "oecd-md": "export",
    "oecd-text": "import+export",
}


def test_formats_are_registered() -> None:
    found = {f.name: f for f in api.formats()}
    for name, direction in FORMATS.items():
        assert found[name].direction == direction
        assert found[name].distribution == "stievents-oecd"
    assert found["oecd-html"].exporter is not None
    assert found["oecd-html"].exporter.per_event


@pytest.mark.parametrize("name", list(FORMATS))
def test_fidelity_names_known_facts(name: str) -> None:
    exporter = stievents.get_exporter(name)
    assert exporter.fidelity
    assert check_facts(exporter.fidelity) == []


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_exporter_contract(name: str, locale: str, examples, now) -> None:  # type: ignore[no-untyped-def]
    contract.check_exporter(name, examples, now=now, locale=locale)


@pytest.mark.parametrize("name", ["oecd-text", "oecd-html"])
def test_importer_contract(name: str) -> None:
    contract.check_importer(name, [b"", b"\x00\xff", b"{", b"<<<", b"\xef\xbb\xbf", b"<html><p>Only a title"])


def test_plugin_import_is_light() -> None:
    code = (
        "import sys, stievents.api; stievents.api.formats(); "
        "heavy = [m for m in ('babel', 'pycountry', 'dateutil.parser') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_empty_collection_is_refused_by_the_page_format(now) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(stievents.FormatError):
        stievents.export([], "oecd-html", now=now)
