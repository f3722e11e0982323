"""Screenshot the reference event's oecd-html page with headless Chromium, for the docs.

Usage: python tools/screenshot.py [OUTPUT.png] [--locale fr]
(default output: docs/_static/oecd-reference.png in the repository). Needs the
Debian package ``chromium`` (or CHROMIUM=/path/to/chrome). No nox needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import stievents

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DEFAULT = Path(__file__).resolve().parents[3] / "docs" / "_static" / "oecd-reference.png"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=1200,1600",
]  # fmt: skip


def screenshot(output: Path, locale: str = "en") -> Path:
    """Render the reference page and write its screenshot to ``output``."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install -y chromium)")
    page = stievents.export(stievents.example("oecd-co-creation-2020"), "oecd-html", now=NOW, locale=locale)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "page.html"
        source.write_bytes(page)
        profile = Path(work) / "profile"
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={output.resolve()}", source.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--locale", default="en")
    args = parser.parse_args(argv)
    print(screenshot(args.output, args.locale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
