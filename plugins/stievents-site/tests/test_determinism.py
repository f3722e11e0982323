"""Two builds in two processes, with different hash seeds and local time zones, write byte-identical sites.

Each build runs the command line (``python -m stievents site build``) in a
process of its own, so that nothing is shared but the inputs: string hashing
(``PYTHONHASHSEED``, the order of sets and of dicts built from them) and the
machine's zone (``TZ``, which a careless ``datetime.now()`` or ``mktime``
would leak) differ. The inputs are a file of events (the built-in examples,
events varied from them and the hostile events) and the catalogue's folder,
read in place. The trees must hold the same files with the same bytes, and the
manifest must list exactly those files with their true digests and sizes. The
build's private state file (file times: machine facts, see
``stievents_site.outputs``) is left out of the comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from interop_support import BASE, NOW, hostile_events

from stievents import api
from stievents.examples import catalogue, catalogue_dir, example, example_names
from stievents_site.outputs import MANIFEST, STATE

from site_support import generated

RUNS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati"},  # UTC+14: another day than UTC for half of it
)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(inputs: list[str], out: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "stievents", "site", "build", *inputs, "-o", str(out)]
    command += ["--now", NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), "--base-url", BASE, "--locales", "en,fr"]
    command += ["--title", "STI policy events", "--no-progress"]
    return subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_builds_in_two_processes_are_byte_identical(tmp_path: Path) -> None:
    events = [example(name) for name in example_names()] + generated(12) + hostile_events()
    source = tmp_path / "events.json"
    source.write_bytes(api.export(events, "json"))
    folder = catalogue_dir()
    assert isinstance(folder, Path), "the catalogue is read in place, as a folder"
    assert folder.is_dir()
    inputs = [str(source), str(folder)]
    outs = [tmp_path / f"site-{index}" for index in range(len(RUNS))]
    processes = [_build(inputs, out, env) for out, env in zip(outs, RUNS, strict=True)]
    for process, env in zip(processes, RUNS, strict=True):
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"the build with {env} failed:\n{stderr[-3000:]}"
        assert stdout == ""
    first, second = (_tree(out) for out in outs)
    for tree in (first, second):
        tree.pop(STATE, None)  # private and machine-specific (file times): not part of the site
    assert sorted(first) == sorted(second), f"different files: {sorted(set(first) ^ set(second))[:20]}"
    differ = sorted(path for path in first if first[path] != second[path])
    assert not differ, f"{len(differ)} file(s) differ between the two processes, e.g. {differ[:20]}"
    manifest = json.loads(first[MANIFEST])
    files = manifest["files"]
    assert sorted(files) == sorted(set(first) - {MANIFEST})
    for path, entry in files.items():
        data = first[path]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert entry["size"] == len(data), path
    pages = {p for p in files if p.startswith(("en/events/", "fr/events/"))}
    assert len(pages) == 2 * (len(events) + len(catalogue())), "every event's page in both locales"
