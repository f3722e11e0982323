"""Screenshot a demo site with headless Chromium, for the docs: home, event, facet and statistics pages.

Usage: python tools/screenshot.py [OUTPUT_DIR] [--site DIR] [--event ID] [--locale en]

Without ``--site``, builds the demo site in a temporary folder: the built-in
examples and the catalogue of real events (``stievents.examples``), for a
fixed moment (2026-01-01), so the pictures only change when the site does.
Writes ``site-home.png`` (the listing), ``site-event.png`` (an event page with
its programme; default: the hybrid forum, whose sessions have times, rooms and
speakers), ``site-facet.png`` (the country facet's index) and
``site-statistics.png`` (the top of the statistics page) into OUTPUT_DIR
(default: docs/_static of the repository). Needs the Debian package
``chromium`` (or CHROMIUM=/path/to/chrome). No nox and no Node needed.
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

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DEFAULT = Path(__file__).resolve().parents[3] / "docs" / "_static"
FLAGS = [
    "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
]  # fmt: skip


def shots(locale: str, event_id: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(file name, page of the site, window size) of each screenshot."""
    return [
        ("site-home.png", f"{locale}/index.html", (1200, 1500)),
        ("site-event.png", f"{locale}/events/{event_id}.html", (1200, 2200)),
        ("site-facet.png", f"{locale}/country/index.html", (1200, 760)),
        ("site-statistics.png", f"{locale}/statistics.html", (1200, 2000)),
    ]


def build_demo(out: Path) -> Path:
    """The demo site (see the module's docstring) in ``out``."""
    from stievents.examples import catalogue, example, example_names
    from stievents_site.build import build_site
    from stievents_site.config import SiteConfig

    events = [example(name) for name in example_names()] + catalogue()
    config = SiteConfig(title="STI policy events", base_url="https://events.example.org/", locales=("en", "fr"))
    build_site(events=events, output=out, config=config, now=NOW, progress=False)
    return out


def screenshot(chromium: str, page: Path, output: Path, size: tuple[int, int], profile: Path) -> None:
    sandbox = [] if hasattr(os, "geteuid") and os.geteuid() != 0 else ["--no-sandbox"]
    command = [
        chromium,
        *FLAGS,
        *sandbox,
        f"--window-size={size[0]},{size[1]}",
        f"--user-data-dir={profile}",
        f"--screenshot={output.resolve()}",
        page.resolve().as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT, help="folder of the PNGs")
    parser.add_argument("--site", type=Path, help="a site already built (default: build the demo site)")
    parser.add_argument("--event", default="demo-hybrid-forum", help="the event page to show")
    parser.add_argument("--locale", default="en")
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        parser.exit(1, "screenshot: error: chromium is not installed (apt-get install chromium)\n")
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        site = args.site if args.site is not None else build_demo(Path(work) / "site")
        for name, page, size in shots(args.locale, args.event):
            source = site / page
            if not source.is_file():
                parser.exit(1, f"screenshot: error: {source}: no such page in the site\n")
            screenshot(chromium, source, args.output / name, size, Path(work) / "profile")
            print(args.output / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
