"""The importers never crash: any text or HTML gives events and problems, or a documented error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
from stievents.errors import FormatError, LimitExceededError, ValidationError

LINES = [
    "When and Where", "Quand et où", "Start Time:", "End Time:", "Heure de début :", "Location:", "Country:",
    "Event Info", "Event Type:", "Language:", "Event Visibility & Attendance Policy:", "Organisers",
    "Presentation of the workshop", "Key questions to address are:", "  • ", "Mar 5, 2020 9:30 AM CET (Europe/Paris)",
    "Oct 25, 2020 2:30 AM XYZ (Europe/Paris)", "Mar 29, 2020 2:30 AM (Europe/Paris)", "5 mars 2020", "http:///x",
    "Registration:", "Online access:", "Online", "This event took place virtually", "Local time at the venue:",
    "International workshop:", "Russian Federation", "(Nowhere/Zone)", "=" * 72, "", "<p>", "</article>",
]  # fmt: skip
pages = st.lists(st.sampled_from(LINES) | st.text(max_size=40), max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(page=pages)
def test_text_importer_never_crashes(page: str) -> None:
    for fmt in ("oecd-text", "oecd-html"):
        try:
            result = stievents.read(page, fmt, lenient=True)
        except (FormatError, ValidationError, LimitExceededError):
            continue
        assert all(e.title for e in result.events)


def test_unreadable_start_is_an_error_not_a_crash() -> None:
    page = "Title\n\nWhen and Where\n\nStart Time:\n\nsoon\n\nEnd Time:\n\nlater\n"
    result = stievents.read(page, "oecd-text", lenient=True)
    assert result.events == ()
    assert {p.path for p in result.problems} >= {"$.events[0].start", "$.events[0].end"}
