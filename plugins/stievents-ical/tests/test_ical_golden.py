"""Golden files: the exact bytes for both built-in examples with a fixed now.

Regenerate after an intended change with ``STIEVENTS_REGEN_GOLDEN=1 pytest tests/test_ical_golden.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ical_checker import check_ics
from ical_helpers import GOLDEN, regenerate_golden

import stievents


@pytest.mark.parametrize("name", ["oecd-co-creation-2020", "demo-hybrid-forum"])
def test_golden(name: str, fixed_now: dt.datetime) -> None:
    data = stievents.export(stievents.example(name), "ics", now=fixed_now)
    path = GOLDEN / f"{name}.ics"
    if regenerate_golden():
        path.write_bytes(data)
    assert path.exists(), f"missing {path}; run with STIEVENTS_REGEN_GOLDEN=1"
    golden = path.read_bytes()
    check_ics(golden)
    assert data == golden, f"{path.name} differs; if intended, regenerate with STIEVENTS_REGEN_GOLDEN=1"
    assert stievents.read(golden, "ics").events[0].id == name
