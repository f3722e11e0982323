"""The first ``stievents.formats()`` loads every plugin but none of the heavy modules.

Registering a format must cost little: plugins and the core's own plugin import
their implementation (the model, the converter, Babel, icalendar...) when a
format is used, and the host reads entry points without importing
:mod:`importlib.metadata`. Checked by module presence in a fresh interpreter,
not by timing (timings are in ``benchmarks``).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "stievents.model",
    "stievents.serialize",
    "stievents.facts",
    "cattrs",
    "icalendar",
    "babel",
    "pycountry",
    "dateutil",
    "tomli_w",
    "importlib.metadata",
    "email",
    "zipfile",
)
"""Modules the first ``formats()`` must not import (each was imported before the lazy registration)."""

PLUGIN_FORMATS = ("csv", "ics", "json", "jsonld", "oecd-html", "toml")


def _run(code: str) -> dict[str, object]:
    prelude = "import json, sys\nbefore = set(sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True, timeout=120
    )
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_first_formats_call_imports_no_heavy_module() -> None:
    report = _run(
        """
import stievents
names = [f.name for f in stievents.formats()]
failures = [p.name for p in stievents.plugin_infos() if p.error]
new = sorted(set(sys.modules) - before)  # what stievents imported (site may have imported some already)
print(json.dumps({"formats": names, "failures": failures, "new": new}))
"""
    )
    assert report["failures"] == []
    formats = report["formats"]
    assert isinstance(formats, list)
    for name in PLUGIN_FORMATS:  # every plugin registered: the check below is not vacuous
        assert name in formats
    new = report["new"]
    assert isinstance(new, list)
    assert {"stievents_csv.plugin", "stievents_ical.plugin", "stievents_jsonld.plugin", "stievents_oecd.plugin"} <= set(
        new
    )
    leaked = [module for module in new if module in HEAVY or module.split(".")[0] in HEAVY]
    assert leaked == [], f"the first formats() imported {leaked}"


def test_fidelity_and_use_still_load_the_implementation() -> None:
    """The laziness is real: reading a fidelity or exporting imports what was deferred, and works."""
    report = _run(
        """
import stievents
ics = stievents.get_exporter("ics")
loaded_before = "stievents.model" in sys.modules
facts = sorted(ics.fidelity)
csv_facts = sorted(stievents.get_exporter("csv").fidelity)
json_facts = sorted(stievents.get_exporter("json").fidelity)
from stievents.facts import all_facts
out = stievents.export(stievents.example("oecd-co-creation-2020"), "ics", now=None)
print(json.dumps({"before": loaded_before, "after": "stievents.model" in sys.modules, "facts": facts,
                  "csv": csv_facts, "json": json_facts, "all": list(all_facts()), "ics": out.decode()[:15]}))
"""
    )
    assert report["before"] is False
    assert report["after"] is True
    assert report["json"] == sorted(report["all"])  # type: ignore[call-overload]
    assert "title" in report["facts"]  # type: ignore[operator]
    assert "sessions" not in report["facts"]  # type: ignore[operator] # ics loses unscheduled sessions
    assert "title" in report["csv"]  # type: ignore[operator]
    assert report["ics"] == "BEGIN:VCALENDAR"


OPTIONAL = ("matplotlib", "pandas", "polars", "numpy", "pyarrow")
"""The libraries of charts and data frames: loaded when a chart or a frame is asked for, never before."""


def test_import_and_formats_load_no_chart_or_frame_library() -> None:
    """``import stievents``, its public names and ``stievents formats`` leave matplotlib, pandas, polars unloaded."""
    report = _run(
        """
import contextlib, io
import stievents
_ = (stievents.stats, stievents.StatsResult, stievents.to_frame, stievents.statistics, stievents.frames)
from stievents.cli import main
with contextlib.redirect_stdout(io.StringIO()) as listing:
    code = main(["formats"])
new = sorted(set(sys.modules) - before)
print(json.dumps({"code": code, "listing": listing.getvalue(), "new": new}))
"""
    )
    assert report["code"] == 0
    assert "ics" in str(report["listing"])  # the command ran and listed the formats: the check is not vacuous
    new = report["new"]
    assert isinstance(new, list)
    assert "stievents.statistics" in new  # reached, and still nothing heavy
    leaked = [module for module in new if module.split(".")[0] in OPTIONAL]
    assert leaked == [], f"import stievents / stievents formats loaded {leaked}"
