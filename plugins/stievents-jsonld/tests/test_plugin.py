"""Registration: formats, profile and hooks found through the entry point; plugin.py stays light."""

from __future__ import annotations

import subprocess
import sys

import stievents
from stievents.api import formats


def test_formats_are_registered():
    infos = {f.name: f for f in formats()}
    assert infos["jsonld"].direction == "import+export"
    assert infos["jsonld"].media_type == "application/ld+json"
    assert infos["jsonld"].distribution == "stievents-jsonld"
    assert infos["jsonld-html"].direction == "import+export"  # the snippet written, the blocks of a page read
    assert stievents.get_importer("jsonld").suffixes == (".jsonld",)
    assert ".html" not in stievents.get_importer("jsonld-html").suffixes  # .html stays oecd-html's by suffix


def test_fidelity_names_known_facts():
    from stievents.facts import check_facts

    assert check_facts(stievents.get_exporter("jsonld").fidelity) == []
    assert "start" not in stievents.get_exporter("jsonld").fidelity  # the IANA zone is lost, see the docs


def test_listing_formats_does_not_import_the_work():
    code = (
        "import sys, stievents.api; stievents.api.formats(); "
        "print(sorted(m for m in sys.modules if m.startswith('stievents_jsonld')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = eval(out)
    assert "stievents_jsonld._export" not in loaded
    assert "stievents_jsonld._import" not in loaded
    assert not any(m.startswith(("pyld", "rdflib", "extruct")) for m in loaded)
