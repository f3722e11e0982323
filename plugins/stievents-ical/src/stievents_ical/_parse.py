"""Our own iCalendar parser: content lines into :mod:`~stievents_ical._content` components, streamed.

One pass over the (unfolded) text indexes each VCALENDAR: its own properties,
its VTIMEZONEs (kept whole: few and small, and they may come after the
VEVENTs that use them), and one compact :class:`VeventRecord` per VEVENT (its
place in the text and the few facts that group overrides and sessions with
their event: UID, RECURRENCE-ID present, session kind, RELATED-TO). The
VEVENT itself is not kept: the importer parses it again from its place when it
maps it, so memory holds the text and the records, never a tree of the file.

What the parser reads: lines folded with CRLF or LF and a space or tab
(also across blank lines, as icalendar does); parameters with quoted values,
several values (joined with ``,``) and RFC 6868 caret escapes; the value
verbatim (TEXT unescaping and typed values are :mod:`stievents_ical._values`).
``ENCODING`` parameters are kept, not decoded, as icalendar does.

What it declines (:class:`Declined`): a line it cannot take apart exactly as
RFC 5545 spells it (white space around ``;`` or ``=``, a control character or
backslash in a parameter, no ``:``...), or a component structure that is not
well nested. Inside a VEVENT the importer then hands that VEVENT alone to
icalendar; anywhere else, the whole file goes to the reference reader. Either
way the result is the reference reader's, and the importer counts it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from stievents_ical._content import Component, Property, serialise
from stievents_ical._values import unescape

__all__ = ["CalendarIndex", "Declined", "VeventRecord", "index_calendars", "parse_block", "parse_line", "unfold"]

# icalendar's unfolding: a line break (CRLF or LF, then any blank lines) followed by a space or tab.
_FOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
_CTL = "\\x00-\\x08\\x0a-\\x1f\\x7f"
_QSAFE = f'"[^"\\\\{_CTL}]*"'
_SAFE = f'[^";:,\\\\{_CTL}]*'
_PVALUE = f"(?:{_QSAFE}|{_SAFE})"
_LINE = re.compile(f"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_PVALUE}(?:,{_PVALUE})*)*):(.*)", re.S)
_PARAM = re.compile(f";([A-Za-z0-9-]+)=({_PVALUE}(?:,{_PVALUE})*)")
_PVALUES = re.compile(_PVALUE)
_CARET = re.compile(r"\^[n^']")
_CARETS = {"^n": "\n", "^^": "^", "^'": '"'}
_LOOSE = re.compile(r"[;=][ \t]|[ \t][;=]|[ \t]$")
_NO_PARAMS: dict[str, str] = {}  # shared by every property without parameters: the mapping never changes params
_KEYS = frozenset({"UID", "RECURRENCE-ID", "X-STIEVENTS-SESSION-KIND", "RELATED-TO"})
_ZONED_NAMES = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "RDATE", "EXDATE"})
# The index reads the text as it is, folded: a line starting with a space or tab continues the one before.
_BOUNDARY = re.compile(r"^(?:BEGIN|END)[ \t]*[;:][^\n]*", re.M | re.I)
_KEYLINE = re.compile(
    r"^(?:UID|RECURRENCE-ID|X-STIEVENTS-SESSION-KIND|RELATED-TO)[;:][^\n]*(?:\n[ \t][^\n]*)*", re.M | re.I
)
_NAMED = r"(?:[A-Za-z0-9-]+[;:][^\n]*|[ \t][^\n]*|\r)"
_NAMED_LINES = re.compile(f"(?:{_NAMED}?\n)*{_NAMED}?")
_BLANK_FOLD = re.compile(r"\n(?:\r?\n)+[ \t]")
# a line folded inside the word BEGIN or END, or before its colon ("B" CRLF " EGIN:VEVENT"): _BOUNDARY cannot see it
_SPLIT_BOUNDARY = re.compile(r"^(?:B|BE|BEG|BEGI|BEGIN|E|EN|END)[ \t]*\r?\n[ \t]", re.M | re.I)


class Declined(Exception):
    """A line or structure this parser leaves to icalendar (see the module docstring)."""


def unfold(text: str) -> str:
    """``text`` with folded lines joined (the text itself when nothing is folded)."""
    if "\n " not in text and "\n\t" not in text:
        return text
    if "\n\n" in text or "\n\r\n" in text:
        return _FOLD.sub("", text)  # blank lines inside a fold: icalendar's rule exactly
    text = text.replace("\r\n ", "").replace("\r\n\t", "")  # the usual CRLF folds, at C speed
    if "\n " not in text and "\n\t" not in text:
        return text
    return _FOLD.sub("", text)  # LF-only folds left


def _param_value(text: str) -> str:
    values = []
    for match in _PVALUES.finditer(text):
        value = match.group(0)
        if match.start() and text[match.start() - 1] != ",":
            continue  # finditer also yields the empty matches between values
        if value.startswith('"'):
            value = value[1:-1]
        if "^" in value:
            value = _CARET.sub(lambda m: _CARETS[m.group(0)], value)
        values.append(value)
    return ",".join(values)


def parse_line(line: str) -> Property:
    """One unfolded content line as a :class:`Property`; :class:`Declined` if it is not plainly RFC 5545."""
    match = _LINE.fullmatch(line)
    if match is None:
        raise Declined(line)
    name, params_text, value = match.groups()
    if not params_text:
        return Property(name.upper(), _NO_PARAMS, value)
    if _LOOSE.search(params_text):
        raise Declined(line)  # icalendar drops white space around ';' and '=': its reading decides
    params = {}
    for match in _PARAM.finditer(params_text):
        key, values = match.group(1).upper(), match.group(2)
        if key == "VALUE" and "," in values:
            raise Declined(line)  # several value types: icalendar refuses the file, so it must decide
        params[key] = _param_value(values)
    return Property(name.upper(), params, value)


def _lines(block: str) -> list[str]:
    found = block.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in found]


def parse_block(block: str) -> Component:
    """The one component spelt by ``block`` (unfolded text from its BEGIN line to its END line).

    :raises Declined: a line of it cannot be read exactly.
    """
    stack: list[Component] = []
    root: Component | None = None
    for line in _lines(block):
        if not line:
            continue
        prop = parse_line(line)
        if prop.name == "BEGIN":
            component = Component(prop.value.upper())
            if stack:
                stack[-1].subcomponents.append(component)
            else:
                root = component
            stack.append(component)
        elif prop.name == "END":
            if not stack:
                raise Declined(line)
            closed = stack.pop()
            if stack:
                check_values(closed)
        elif stack:
            stack[-1].add(prop)
        else:
            raise Declined(line)
    if root is None or stack:
        raise Declined("unbalanced block")
    return root


class VeventRecord:
    """Where a VEVENT is in the text, and what groups it: the compact form it is kept in until it is mapped."""

    __slots__ = ("end", "key_lines", "parents", "recurrence", "session", "start", "uid")

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.uid: str | None = None
        self.recurrence = False
        self.session = False
        self.parents: tuple[str, ...] = ()  # the UIDs of RELATED-TO;RELTYPE=PARENT
        self.key_lines = True  # False when one of the grouping lines could not be read (icalendar decides)


class CalendarIndex:
    """One VCALENDAR: its own properties, its VTIMEZONEs by TZID and its VEVENT records in walk order."""

    __slots__ = ("calendar", "records", "text", "zones")

    def __init__(self, text: str) -> None:
        self.text = text  # what the records' offsets point into
        self.calendar = Component("VCALENDAR")
        self.zones: dict[str, Component] = {}
        self.records: list[VeventRecord] = []


def index_calendars(text: str) -> list[CalendarIndex]:
    """The VCALENDARs of ``text`` (folded or not), indexed in one pass; offsets are into ``text``.

    The text is not unfolded as a whole (that would copy it): each piece read
    is unfolded on its own. Only a file whose folds cross blank lines, or fold a
    BEGIN or END line (even inside the word), is unfolded first, and then indexed the same way.

    Only the BEGIN and END lines are visited one by one; the lines between
    them are matched as a whole (the grouping lines of a VEVENT) or read
    (calendar-level lines, VTIMEZONEs). VEVENTs are recorded in the order
    icalendar's ``walk("VEVENT")`` gives (their BEGIN lines), at any depth
    inside a VCALENDAR; their other lines are read when they are mapped.

    :raises Declined: the structure or a line outside the VEVENTs is not plainly RFC 5545.
    """
    if _BLANK_FOLD.search(text) is not None or _SPLIT_BOUNDARY.search(text) is not None:
        text = unfold(text)
    try:
        return _index(text)
    except _FoldedBoundary:
        return _index(unfold(text))


class _FoldedBoundary(Exception):
    """A BEGIN or END line folded: index the unfolded text instead."""


def _index(text: str) -> list[CalendarIndex]:
    found: list[CalendarIndex] = []
    # the open components: name, the record of a VEVENT (its own level only), the component kept whole, in a VEVENT
    stack: list[tuple[str, VeventRecord | None, Component | None, bool]] = []
    current: CalendarIndex | None = None
    size = len(text)
    gap = 0
    for match in _BOUNDARY.finditer(text):
        _gap(text, gap, match.start(), stack)
        line = match.group(0)
        gap = match.end() + 1
        if text[gap : gap + 1] in (" ", "\t"):
            raise _FoldedBoundary
        if line.endswith("\r"):
            line = line[:-1]
        head = line[:6].upper()
        if head == "BEGIN:":
            name = line[6:].upper()
            if not stack:
                current = CalendarIndex(text) if name == "VCALENDAR" else None
                if current is not None:
                    found.append(current)
                stack.append((name, None, None if current is None else current.calendar, False))
            elif current is not None and name == "VEVENT":
                record = VeventRecord(match.start())
                current.records.append(record)
                stack.append((name, record, None, True))
            elif stack[-1][3]:
                stack.append((name, None, None, True))
            elif current is not None and len(stack) == 1 and name == "VTIMEZONE":
                stack.append((name, None, Component(name), False))
            elif len(stack) > 1 and (parent := stack[-1][2]) is not None:
                child = Component(name)
                parent.subcomponents.append(child)
                stack.append((name, None, child, False))
            else:
                stack.append((name, None, None, False))
        elif head[:4] == "END:":
            name = line[4:].upper()
            if not stack or stack[-1][0] != name:
                raise Declined(f"END:{name} does not close the open component")
            closed, ended, kept, _ = stack.pop()
            if ended is not None:
                ended.end = min(gap, size)
            elif kept is not None and not stack:
                check_values(kept)
            elif closed == "VTIMEZONE" and len(stack) == 1 and kept is not None and current is not None:
                tzid = kept.props.get("TZID")
                if tzid is not None and len(tzid) > 1:
                    raise Declined("a VTIMEZONE with several TZIDs")  # icalendar refuses the file: so do we
                _check_with_icalendar(kept)
                if tzid is not None and tzid[0].value not in current.zones:
                    current.zones[tzid[0].value] = kept
        else:
            raise Declined(line)  # BEGIN or END with parameters or white space
    _gap(text, gap, size, stack)
    if stack:
        raise Declined("the file ends inside a component")
    return found


def _gap(text: str, start: int, end: int, stack: list[tuple[str, VeventRecord | None, Component | None, bool]]) -> None:
    """The property lines between two BEGIN/END lines, for the component open there."""
    if start >= end:
        return
    if not stack:
        if text[start:end].strip():
            raise Declined("a property outside any component")
        return
    _, record, component, within = stack[-1]
    if record is not None:
        if _NAMED_LINES.fullmatch(text, start, end) is None:
            record.key_lines = False  # a line whose name we cannot see: icalendar reads this VEVENT's keys
        for match in _KEYLINE.finditer(text, start, end):
            line = unfold(match.group(0))
            try:
                _note(record, parse_line(line[:-1] if line.endswith("\r") else line))
            except Declined:
                record.key_lines = False
    elif within:
        return
    elif component is not None:
        for line in _lines(unfold(text[start:end])):
            if line:
                component.add(parse_line(line))
    else:
        for line in _lines(unfold(text[start:end])):
            if line and _LINE.fullmatch(line) is None:
                raise Declined(line)


_TEXT_TYPES = ("vText", "vUnknown", "vCalAddress", "vUri", "vCategory", "vInline")


@functools.cache
def _factory(name: str, value_type: str | None) -> Any:
    """icalendar's value class for property ``name``, or ``None`` when that class reads any text."""
    from icalendar.cal.component import Component as IcalComponent

    factory = IcalComponent.types_factory.for_property(name, value_type)
    return None if getattr(factory, "__name__", "") in _TEXT_TYPES else factory


def check_values(component: Component) -> None:
    """Refuse (:class:`Declined`) a component other than a VEVENT whose value icalendar cannot read.

    icalendar tolerates bad values only in a VEVENT; anywhere else it refuses
    the whole file, so the reference reader does. Only values of a type that
    can fail (dates, numbers, offsets, rules...) are tried, with icalendar's
    own class; ``X-`` properties are never refused.
    """
    for name, props in component.props.items():
        if name.startswith("X-"):
            continue
        for prop in props:
            factory = _factory(name, prop.params.get("VALUE"))
            if factory is None or (name == "RDATE" and not prop.value):
                continue
            tzid = prop.params.get("TZID") if name in _ZONED_NAMES else None
            try:
                factory.from_ical(unescape(prop.value), tzid) if tzid else factory.from_ical(unescape(prop.value))
            except (ValueError, TypeError) as exc:
                raise Declined(f"{name}: {exc}") from None


def _check_with_icalendar(component: Component) -> None:
    """A VTIMEZONE as icalendar reads it: refused (:class:`Declined`) when it refuses it."""
    from icalendar.cal.component import Component as IcalComponent

    try:
        IcalComponent.from_ical(serialise(component))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        raise Declined(f"VTIMEZONE: {exc}") from None


def _note(record: VeventRecord, prop: Property) -> None:
    if prop.name == "UID":
        if record.uid is None:
            record.uid = unescape(prop.value)
    elif prop.name == "RECURRENCE-ID":
        record.recurrence = True
    elif prop.name == "RELATED-TO":
        if prop.params.get("RELTYPE", "PARENT").upper() == "PARENT":
            record.parents += (unescape(prop.value),)
    else:
        record.session = True
