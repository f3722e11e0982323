"""The core's classification schemes: the UN SDGs and the EC-OECD STIP Compass taxonomies.

Their codes live in vendored data files (``data/schemes/*.json``; their sources
and licences are in ``data/schemes/SOURCES.md``). The schemes are registered
with functions that read those files on first use, so registering them, and
``import stievents``, reads nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from stievents.plugin_types import ClassificationScheme

__all__ = ["schemes"]

SDG_IRI = "http://metadata.un.org/sdg"
STIP_URL = "https://stip.oecd.org/"
STIP_EDITION = "2021"

# part of the STIP Compass file -> (scheme id, name)
_STIP_PARTS = (
    ("themes", "stip-compass-theme", "EC-OECD STIP Compass policy themes"),
    ("target_groups", "stip-compass-target-group", "EC-OECD STIP Compass target groups"),
    ("instruments", "stip-compass-instrument", "EC-OECD STIP Compass policy instrument types"),
)


@functools.cache
def _data(name: str) -> Any:
    """The parsed data file ``data/schemes/{name}.json`` (read once)."""
    import json
    from importlib import resources

    return json.loads(resources.files("stievents").joinpath("data", "schemes", f"{name}.json").read_bytes())


def _sdg_codes() -> list[tuple[str, str]]:
    return [(c["code"], c["label"]) for c in _data("un-sdg")["codes"]]


def _sdg_iris() -> list[tuple[str, str]]:
    return [(c["code"], c["iri"]) for c in _data("un-sdg")["codes"]]


def _stip_codes(*parts: str) -> functools.partial[list[tuple[str, str]]]:
    return functools.partial(_stip_pairs, parts)


def _stip_pairs(parts: tuple[str, ...]) -> list[tuple[str, str]]:
    data = _data("stip-compass")
    return [(c["code"], c["label"]) for part in parts for c in data[part]]


def schemes() -> Iterator[ClassificationScheme]:
    """The core's schemes (nothing is read until a scheme's codes are)."""
    yield ClassificationScheme(
        id="un-sdg",
        name="UN Sustainable Development Goals (goals and targets)",
        edition="2015",
        url="https://sdgs.un.org/goals",
        iri=SDG_IRI,
        codes=_sdg_codes,
        code_iris=_sdg_iris,
    )
    # the one scheme documents cited before the taxonomies were split: every code of the three
    yield ClassificationScheme(
        id="stip-compass",
        name="EC-OECD STIP Compass taxonomies (themes, target groups, instrument types)",
        edition=STIP_EDITION,
        url=STIP_URL,
        codes=_stip_codes(*(part for part, _, _ in _STIP_PARTS)),
    )
    for part, scheme_id, name in _STIP_PARTS:
        yield ClassificationScheme(id=scheme_id, name=name, edition=STIP_EDITION, url=STIP_URL, codes=_stip_codes(part))
