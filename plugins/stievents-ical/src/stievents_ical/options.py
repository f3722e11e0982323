"""Options of the ``ics`` format, given as ``-O key=value`` or keyword arguments."""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = ["IcsExportOptions", "IcsImportOptions"]

_DURATION = re.compile(r"P(?:\d+W|(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)")
_URL = re.compile(r"https?://[^\s/?#\"]+[^\s\"]*")


def _duration(instance: Any, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not _DURATION.fullmatch(value):
        raise ValueError(f"{attribute.name} must be an RFC 5545 duration such as P1D or PT6H, got {value!r}")


def _url(instance: Any, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not _URL.fullmatch(value):
        raise ValueError(f"{attribute.name} must be an absolute http(s) URL, got {value!r}")


@attrs.frozen(kw_only=True)
class IcsExportOptions:
    """How a calendar file is labelled for feeds (RFC 7986 NAME, REFRESH-INTERVAL, SOURCE, URL)."""

    calendar_name: str | None = None
    refresh_interval: str | None = attrs.field(default=None, validator=_duration)
    source_url: str | None = attrs.field(default=None, validator=_url)
    calendar_url: str | None = attrs.field(default=None, validator=_url)


def _zone(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{attribute.name} must be an IANA time zone such as Europe/Paris, got {value!r}") from None


@attrs.frozen(kw_only=True)
class IcsImportOptions:
    """How foreign files are read: the zone floating times are read in when the file names none."""

    default_timezone: str = attrs.field(default="UTC", validator=_zone)
