"""The neutral form both iCalendar readers produce and the mapping reads: components of raw properties.

A :class:`Property` is a content line taken apart and nothing more: its name
(upper case), its parameters (names upper case, values unquoted, RFC 6868
caret escapes undone, several values joined with ``,``) and its value exactly
as the file spells it (still TEXT-escaped). Typed values are read from it in
one place, :mod:`stievents_ical._values`. Our own parser
(:mod:`stievents_ical._parse`) builds these directly; the reference reader
(:mod:`stievents_ical._read_reference`) presents icalendar's parsed tree in
the same shape, so the mapping cannot tell the two apart.
"""

from __future__ import annotations

__all__ = ["Component", "Property", "serialise"]


class Property:
    """One content line: ``NAME;PARAM=value:raw value``."""

    __slots__ = ("name", "params", "value")

    def __init__(self, name: str, params: dict[str, str], value: str) -> None:
        self.name = name
        self.params = params
        self.value = value

    def __repr__(self) -> str:
        return f"Property({self.name!r}, {self.params!r}, {self.value!r})"


class Component:
    """A BEGIN/END block: its properties by name (in file order) and its subcomponents.

    ``dropped`` lists the lines of the component that could not be read at all,
    as (property name, why), so that a property never vanishes unexplained.
    """

    __slots__ = ("dropped", "name", "props", "subcomponents")

    def __init__(self, name: str) -> None:
        self.name = name
        self.props: dict[str, list[Property]] = {}
        self.subcomponents: list[Component] = []
        self.dropped: list[tuple[str, str]] = []

    def add(self, prop: Property) -> None:
        """Append ``prop`` to the values of its name."""
        found = self.props.get(prop.name)
        if found is None:
            self.props[prop.name] = [prop]
        else:
            found.append(prop)

    def __contains__(self, name: object) -> bool:
        return name in self.props

    def __repr__(self) -> str:
        return f"Component({self.name!r}, {list(self.props)!r}, {len(self.subcomponents)} subcomponents)"

    def walk(self, name: str) -> list[Component]:
        """Every component named ``name`` below this one, depth first, in file order (iterative)."""
        found: list[Component] = []
        stack: list[Component] = [self]
        while stack:
            current = stack.pop()
            if current.name == name:
                found.append(current)
            stack.extend(reversed(current.subcomponents))
        return found


def serialise(component: Component) -> str:
    """``component`` as iCalendar text again (unfolded): what icalendar is handed when it must read one."""
    lines: list[str] = []
    stack: list[Component | str] = [component]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            lines.append(item)
            continue
        lines.append(f"BEGIN:{item.name}")
        for props in item.props.values():
            for prop in props:
                params = "".join(f";{name}={_quote(value)}" for name, value in prop.params.items())
                lines.append(f"{prop.name}{params}:{prop.value}")
        stack.append(f"END:{item.name}")
        stack.extend(reversed(item.subcomponents))
    return "\r\n".join(lines) + "\r\n"


def _quote(value: str) -> str:
    value = value.replace("^", "^^").replace('"', "^'").replace("\n", "^n")
    return f'"{value}"' if any(c in value for c in ":;,") else value
