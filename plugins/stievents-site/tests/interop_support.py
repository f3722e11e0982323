"""One site, built once per test run, for the checks made by independent readers (Chromium, axe-core, ical.js).

The collection is the built-in examples and the catalogue of real events
(``stievents.examples``), a dozen events varied from the examples
(``site_support.generated``) and two hostile events: markup, quotes, ``alert``
calls and CRLF in every text a page, feed or calendar shows (titles, session
titles, rooms, speakers and their affiliations, topics, policy questions),
one of them cancelled and with a ``:`` in its id (a link that could read as a
URI scheme). If hostile text ever ran as script in a browser, its ``alert``
would open a dialog, which the browser checks report.

The Node scripts live in ``tests/js`` (``npm ci --prefix tests/js``). Tests
that need Node, Chromium or the npm packages skip with the reason when one is
missing, and fail instead under CI (``CI=true``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

from stievents.examples import catalogue, example, example_names
from stievents.model import Event, EventStatus
from stievents.testing import in_ci, require_tool
from stievents_site.build import build_site
from stievents_site.config import SiteConfig

from site_support import generated

JS = Path(__file__).parent / "js"
NOW = dt.datetime(2020, 1, 15, 12, 0, tzinfo=dt.UTC)  # the catalogue holds past and upcoming events then
BASE = "https://events.example.org/portal/"
CONFIG = SiteConfig(title="STI policy events", base_url=BASE, locales=("en", "fr"), page_size=20)
HOSTILE = "<script>alert('x')</script> \"quoted\" & 'single' </script><!-- \r\nline two"
HOSTILE_TWO = "\"'><img src=x onerror=alert(2)></title></style><svg onload=alert(3)> & \r\n]]> </textarea>"
GENERATED = 12


def _hostile(base: Event, text: str, **changes: Any) -> Event:
    sessions = tuple(
        attrs.evolve(
            session,
            title=f"{text} {session.id}",
            description=text,
            room=f"{text} {session.room}" if session.room else None,
            chairs=tuple(attrs.evolve(p, name=f"{text} chair", affiliation=text) for p in session.chairs),
            speakers=tuple(attrs.evolve(p, name=f"{text} speaker", affiliation=text) for p in session.speakers),
        )
        for session in base.sessions
    )
    venue = base.venue
    if venue is not None and venue.rooms:
        venue = attrs.evolve(venue, rooms=tuple(f"{text} {room}" for room in venue.rooms))
    questions = tuple(attrs.evolve(q, text=f"{text} {q.text}") for q in base.policy_questions)
    return attrs.evolve(
        base,
        title=text,
        description=text,
        topics=(text, *base.topics),
        sessions=sessions,
        venue=venue,
        policy_questions=questions,
        url=None,
        related_events=(),
        translations=(),  # the hostile text is what every locale shows
        **changes,
    )


def hostile_events() -> list[Event]:
    """Two events whose every shown text tries to break out of HTML, XML, JSON and iCalendar."""
    forum = _hostile(example("demo-hybrid-forum"), HOSTILE, id="hostile-forum")
    reference = example("oecd-co-creation-2020")
    second = _hostile(reference, HOSTILE_TWO, id="hostile:cancelled", status=EventStatus.CANCELLED, status_history=())
    return [forum, second]


def collection() -> list[Event]:
    """The site's events (see the module's docstring)."""
    return [example(name) for name in example_names()] + catalogue() + generated(GENERATED) + hostile_events()


_BUILT: dict[str, Path] = {}


def shared_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of :func:`collection`, built on first call and shared by every test module of the run."""
    if "site" not in _BUILT:
        out = tmp_path_factory.mktemp("interop-site") / "site"
        build_site(events=collection(), output=out, config=CONFIG, now=NOW, progress=False)
        _BUILT["site"] = out
    return _BUILT["site"]


def site_paths(site: Path, suffix: str) -> list[str]:
    """The paths (relative, ``/``-separated, sorted) of the site's files ending with ``suffix``, per its manifest."""
    files = json.loads((site / "manifest.json").read_bytes())["files"]
    return sorted(path for path in files if path.endswith(suffix))


# ------------------------------------------------------------------ Node and Chromium


def _missing(message: str) -> None:
    if in_ci():
        pytest.fail(f"{message}; CI must install it")
    pytest.skip(message)


def node_with(*packages: str) -> str:
    """The path of ``node``, once ``packages`` are installed in tests/js (else skip, or fail under CI)."""
    node = require_tool("node", why="the site's browser and ical.js checks")
    absent = [name for name in packages if not (JS / "node_modules" / name / "package.json").is_file()]
    if absent:
        _missing(f"npm packages {', '.join(absent)} are not installed: run `npm ci --prefix {JS}`")
    return node


def chromium() -> str:
    """The Chromium that puppeteer-core drives: ``$CHROMIUM``, else Debian's ``chromium`` (else skip/fail)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        _missing("chromium is not installed (apt-get install chromium, or set CHROMIUM=/path/to/chrome)")
    assert found is not None
    return found


def run_node(script: str, request: Any, *packages: str, timeout: float = 600) -> Any:
    """Run ``tests/js/{script}`` with ``request`` as JSON on stdin; its stdout is JSON, returned decoded."""
    node = node_with(*packages)
    done = subprocess.run(
        [node, str(JS / script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=JS,
    )
    assert done.returncode == 0, f"{script} failed ({done.returncode}):\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site served by ``stievents site serve``'s server on a free loopback port: its base URL."""
    from stievents_site.serve import make_server

    server = make_server(site, "127.0.0.1", 0)
    handler: Any = server.RequestHandlerClass
    handler.log_message = _no_log
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _no_log(*args: object) -> None:
    """The request log of the preview server, silenced in tests."""


def format_problems(problems: Sequence[str]) -> str:
    return "\n".join(f"  - {line}" for line in problems)
