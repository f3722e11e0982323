"""Input digests: what each output is made from, in one SHA-256 hex string.

An output whose key is the one the previous build recorded is not rendered
again (see :mod:`stievents_site.outputs`). A key must therefore cover
*everything* the output's bytes depend on: the events' canonical JSON (the
whole event, not the fields one format happens to use today), the locale, the
site's configuration, and the versions of stievents and of every plugin,
because a new version of a format may write other bytes for the same events.
A key that covers too much costs a render whose bytes turn out unchanged
(nothing is rewritten then); one that covers too little would leave a stale
file, so when in doubt a key includes more.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from stievents.model import Event

__all__ = ["Keyer", "event_digest", "key", "toolchain"]


def event_digest(event: Event) -> str:
    """The SHA-256 of ``event``'s canonical JSON document (the event alone)."""
    from stievents import serialize

    return hashlib.sha256(serialize.dumps([event]).encode("utf-8", "surrogatepass")).hexdigest()


def key(*parts: Any) -> str:
    """The digest of ``parts`` (JSON values: strings, numbers, lists, dicts with string keys)."""
    return Keyer()(*parts)


class Keyer:
    """:func:`key` with fixed leading parts (the toolchain, the settings), serialised once."""

    def __init__(self, *prefix: Any) -> None:
        self.prefix = _json(prefix).encode("utf-8", "surrogatepass") + b"\n"

    def __call__(self, *parts: Any) -> str:
        digest = hashlib.sha256(self.prefix)
        digest.update(_json(parts).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@functools.cache
def toolchain() -> str:
    """The versions of stievents, this plugin and every loaded plugin, as one digest."""
    import stievents
    from stievents import api
    from stievents_site import __version__

    plugins = sorted((p.name, p.distribution, p.version, p.error is None) for p in api.plugin_infos())
    return key("stievents", stievents.__version__, "stievents-site", __version__, plugins)
