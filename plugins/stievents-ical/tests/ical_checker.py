"""A strict, independent check of iCalendar bytes, written without icalendar so it cannot share its bugs.

Checks: UTF-8, CRLF line ends only, physical lines of at most 75 octets that each
decode on their own (no UTF-8 character split by a fold), well-formed content
lines and parameters, only legal TEXT escapes, no control characters, balanced
BEGIN/END, a VTIMEZONE for every TZID, UID + DTSTAMP on every VEVENT, and no VEVENT
property that RFC 5545 (3.6.1) allows once written twice.
"""

from __future__ import annotations

import re

NAME = re.compile(r"[A-Za-z0-9-]+")
PARAM = re.compile(
    r';([A-Za-z0-9-]+)=((?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)(?:,(?:"[^"]*"|[^";:,]*))*)'
)
TEXT_PROPERTIES = {
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "CONTACT",
    "COMMENT",
    "NAME",
    "X-WR-CALNAME",
    "CATEGORIES",
}
LIST_PROPERTIES = {"CATEGORIES"}
# RFC 5545 3.6.1 eventprop: "MUST NOT occur more than once" (and RFC 7986 COLOR).
ONCE_IN_VEVENT = {
    "CLASS", "CREATED", "DESCRIPTION", "DTSTART", "GEO", "LAST-MODIFIED", "LOCATION", "ORGANIZER",
    "PRIORITY", "DTSTAMP", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "UID", "URL", "RECURRENCE-ID",
    "DTEND", "DURATION", "COLOR",
}  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
LEGAL_TEXT = re.compile(r"(?:[^\\]|\\[\\;,nN])*")


def content_lines(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """(name, parameters, value) of every content line, after the byte-level checks."""
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    assert b"\r\n" in data
    body = data[:-2]
    for index, line in enumerate(body.split(b"\r\n")):
        assert b"\n" not in line, f"line {index}: bare LF"
        assert b"\r" not in line, f"line {index}: bare CR"
        assert len(line) <= 75, f"line {index}: {len(line)} octets (more than 75)"
        line.decode("utf-8")  # each physical line decodes alone: no character split by a fold
        assert line, f"line {index}: empty line"
    text = body.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    result = []
    for index, line in enumerate(text.split("\r\n")):
        match = NAME.match(line)
        assert match, f"content line {index}: no property name in {line[:60]!r}"
        name = match.group(0).upper()
        rest = line[match.end() :]
        params: dict[str, str] = {}
        while rest.startswith(";"):
            param = PARAM.match(rest)
            assert param, f"{name}: bad parameter in {rest[:60]!r}"
            params[param.group(1).upper()] = param.group(2)
            rest = rest[param.end() :]
        assert rest.startswith(":"), f"{name}: expected ':' after the parameters, got {rest[:40]!r}"
        value = rest[1:]
        assert not CONTROL.search(value.replace("\t", " ")), f"{name}: control character in value"
        result.append((name, params, value))
    return result


def check_ics(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """Run every check on ``data``; return the content lines for further assertions."""
    lines = content_lines(data)
    stack: list[str] = []
    tzids: set[str] = set()
    used: set[str] = set()
    vevent_props: list[str] = []
    for name, params, value in lines:
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                vevent_props = []
            continue
        if name == "END":
            assert stack[-1:] == [value], f"END:{value} does not close {stack[-1:] or 'anything'}"
            stack.pop()
            if value == "VEVENT":
                assert vevent_props.count("UID") == 1, "a VEVENT needs exactly one UID"
                assert vevent_props.count("DTSTAMP") == 1, "a VEVENT needs exactly one DTSTAMP"
                twice = sorted({p for p in vevent_props if p in ONCE_IN_VEVENT and vevent_props.count(p) > 1})
                assert not twice, f"a VEVENT may hold each of {twice} once only (RFC 5545 3.6.1)"
                assert not {"DTEND", "DURATION"} <= set(vevent_props), "a VEVENT has DTEND or DURATION, not both"
            continue
        assert stack, f"{name} outside any component"
        if stack[-1] == "VEVENT":
            vevent_props.append(name)
        if name == "TZID" and stack[-1] == "VTIMEZONE":
            tzids.add(value)
        if "TZID" in params:
            used.add(params["TZID"].strip('"'))
        if name in TEXT_PROPERTIES or name.startswith("X-STIEVENTS-"):
            assert LEGAL_TEXT.fullmatch(value), f"{name}: illegal escape in {value[:60]!r}"
            unescaped = re.sub(r"\\.", "", value)
            assert ";" not in unescaped, f"{name}: unescaped ';' in {value[:60]!r}"
            if name not in LIST_PROPERTIES:
                assert "," not in unescaped, f"{name}: unescaped ',' in {value[:60]!r}"
    assert not stack, f"unclosed components: {stack}"
    assert (lines[0][0], lines[0][2]) == ("BEGIN", "VCALENDAR")
    missing = used - tzids
    assert not missing, f"TZIDs without a VTIMEZONE: {sorted(missing)}"
    return lines
