"""The options classes of the OECD formats (attrs only, so listing formats stays cheap)."""

from __future__ import annotations

import string
from typing import Any

import attrs

__all__ = ["ListingOptions", "PageOptions", "TextOptions", "check_href_template"]

_PLACEHOLDERS = {"id", "event_id", "session_id"}


def check_href_template(instance: Any, attribute: Any, value: str | None) -> None:
    """An ``*_href`` template: ``{id}``, ``{event_id}``, ``{session_id}`` only, giving a relative or http(s) URL.

    Why here: a bad template is the user's mistake, reported when the options
    are built (``stievents: -O: ...``, exit 2), not a link silently dropped.
    """
    if value is None:
        return
    name = attribute.name
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]
    except ValueError as exc:
        raise ValueError(f"option {name}: {value!r} is not a template ({exc})") from None
    unknown = sorted({f for f in fields if f not in _PLACEHOLDERS})
    if unknown:
        raise ValueError(
            f"option {name}: unknown placeholder {{{unknown[0]}}} in {value!r} (known: {{id}}, {{event_id}},"
            " {session_id})"
        )
    if name != "session_ics_href" and "session_id" in fields:
        raise ValueError(f"option {name}: {{session_id}} is only known to session_ics_href")
    from stievents_oecd.safety import safe_base

    try:
        sample = value.format(id="e", event_id="e", session_id="s")
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"option {name}: {value!r} is not a template ({exc})") from None
    if safe_base(sample) is None:
        raise ValueError(
            f"option {name}: {value!r} must give a relative path or an http(s) URL without spaces, quotes or <>"
        )


@attrs.frozen(kw_only=True)
class PageOptions:
    """Options of ``oecd-html``.

    ``base_url`` prefixes ``{id}.html`` links to other events (falls back to the
    context's base URL); ``include_jsonld`` embeds other plugins' head markup.
    ``ics_href``, ``jsonld_href`` and ``session_ics_href`` are templates
    (``{id}``, and ``{session_id}`` for the last) of links to the event's
    ``.ics``, its JSON-LD and each session's ``.ics``; no link when unset.
    """

    base_url: str | None = None
    include_jsonld: bool = True
    related_limit: int = 5
    ics_href: str | None = attrs.field(default=None, validator=check_href_template)
    jsonld_href: str | None = attrs.field(default=None, validator=check_href_template)
    session_ics_href: str | None = attrs.field(default=None, validator=check_href_template)


@attrs.frozen(kw_only=True)
class ListingOptions:
    """Options of ``oecd-listing-html``."""

    base_url: str | None = None
    include_jsonld: bool = True
    title: str | None = None


@attrs.frozen(kw_only=True)
class TextOptions:
    """Options of ``oecd-text`` and ``oecd-md``."""

    base_url: str | None = None
    related_limit: int = 5
