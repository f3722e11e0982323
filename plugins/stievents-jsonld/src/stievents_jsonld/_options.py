"""Options of the ``jsonld`` importer (kept apart so ``plugin.py`` stays light)."""

from __future__ import annotations

import attrs


@attrs.frozen
class ReadOptions:
    """``timezone``: the IANA zone to read times in when its offset matches, and for times without
    an offset; without it, times get a fixed-offset zone such as ``Etc/GMT-1``."""

    timezone: str | None = None
