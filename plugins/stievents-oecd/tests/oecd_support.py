"""Shared test helpers of stievents-oecd: hostile events, the fixed 'now', data and golden folders.

A module with a unique name (not ``conftest``), so that the suites of several plugins can run in one
pytest process without their helpers shadowing each other."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from stievents import model

HERE = Path(__file__).parent
# The seed page (the real OECD page the built-in example models), read in place from ../shared beside the
# checkout: a real page, not ours to copy into the repository.
SEED_PAGE = HERE.resolve().parents[3] / "shared" / "seeds" / "000_ecca8bc551cf5c04.txt"
GOLDEN = HERE / "golden"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def seed_page() -> Path:
    """The seed page's path; the calling test skips, with the reason, when ../shared is absent."""
    import pytest

    if not SEED_PAGE.is_file():
        pytest.skip(f"the seed page {SEED_PAGE} is absent (../shared is not beside the checkout)")
    return SEED_PAGE


HOSTILE_TITLE = (
    '<script>document.body.dataset.pwned="1"</script><img src=x onerror="document.body.dataset.pwned=1">'
    " & \"quotes\" 'single'"
)
HOSTILE_TEXT = (
    'Intro </script><script>alert(2)</script>\n\n<a href="javascript:alert(3)">click</a> <b onmouseover=x>b</b>'
)
HOSTILE_URL = 'https://evil.example/"><script>alert(4)</script>'


def hostile_event() -> model.Event:
    """An event whose every text and link tries to inject markup."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    return model.Event(
        id="hostile",
        title=HOSTILE_TITLE,
        subtitle="<svg onload=alert(5)>",
        description=HOSTILE_TEXT,
        start=dt.datetime(2030, 5, 5, 10, 0, tzinfo=paris),
        end=dt.datetime(2030, 5, 5, 12, 0, tzinfo=paris),
        status=model.EventStatus.CANCELLED,
        status_history=(
            model.StatusChange(status=model.EventStatus.CANCELLED, reason="<iframe src=javascript:alert(6)>"),
        ),
        venue=model.Venue(name="<b>Hall</b>", locality="Paris\"'><x>", country="FR"),
        organisers=(model.Organiser(name="<script>o()</script>", url=HOSTILE_URL),),
        policy_questions=(model.PolicyQuestion(id="q1", text="</ul><script>q()</script>"),),
        sessions=(
            model.Session(
                id="s1",
                title="</li></ol><script>s()</script>\r\n\"quoted\" 'single'",
                kind=model.SessionKind.PANEL,
                description="</p><script>d()</script>\r\nline two",
                start=dt.datetime(2030, 5, 5, 10, 0, tzinfo=paris),
                end=dt.datetime(2030, 5, 5, 11, 0, tzinfo=paris),
                room='<b onclick="r()">Room</b>',
                chairs=(model.Person(name="<script>c()</script>", affiliation='"><svg onload=a()>'),),
                speakers=(model.Person(name="Eve </script>\r\nInjected: yes", affiliation="<i>X</i> & Y"),),
                policy_question_ids=("q1",),
            ),
        ),
        contacts=(model.Contact(name="<img src=y onerror=c()>", email="a@b.example"),),
        related_events=(model.RelatedEvent(id="other", title="</a><script>r()</script>", url=HOSTILE_URL),),
        topics=("<i>topic</i>",),
        url=HOSTILE_URL,
    )
