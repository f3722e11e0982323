"""The site's settings: from ``--config site.toml``, overridden by the command line's options.

``site.toml`` holds top-level keys only::

    title = "STI policy events"
    base_url = "https://events.example.org/"
    locales = ["en", "fr"]
    window_days = 365
    page_size = 50

Every setting is part of every output's key (see :mod:`stievents_site.keys`):
changing one re-renders the site, and rewrites only the files whose bytes change.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from stievents_site.errors import SiteError

__all__ = ["SiteConfig", "load_config"]

_LOCALE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_URL = re.compile(r"https?://[^\s/?#<>\"'`]+[^\s?#<>\"'`]*")
_KEYS = {"title", "base_url", "locales", "window_days", "page_size"}


@attrs.frozen(kw_only=True)
class SiteConfig:
    """What shapes a site besides its events (see the module's docstring)."""

    title: str = "Events"
    base_url: str | None = None
    locales: tuple[str, ...] = ("en", "fr")
    window_days: int = 365
    page_size: int = 50

    def as_json(self) -> dict[str, Any]:
        """The settings as a JSON value, for the outputs' keys."""
        return {
            "title": self.title,
            "base_url": self.base_url,
            "locales": list(self.locales),
            "window_days": self.window_days,
            "page_size": self.page_size,
        }


def _base_url(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _URL.fullmatch(value.strip()):
        raise SiteError(f"{where}: error: base URL must be an absolute http(s) URL without query, got {value!r}")
    text = value.strip()
    return text if text.endswith("/") else text + "/"


def _locales(value: object, where: str) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise SiteError(f"{where}: error: locales must be a non-empty list such as en,fr; got {value!r}")
    result: list[str] = []
    for item in items:
        locale = str(item).strip().lower().replace("_", "-")
        if not _LOCALE.fullmatch(locale):
            raise SiteError(f"{where}: error: {item!r} is not a locale such as en, fr or fr-ca")
        if locale in result:
            raise SiteError(f"{where}: error: locale {locale!r} is given twice")
        result.append(locale)
    return tuple(result)


def _positive(value: object, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SiteError(f"{where}: error: {name} must be a positive whole number, got {value!r}")
    return value


def load_config(path: str | None, overrides: dict[str, Any]) -> SiteConfig:
    """The settings of ``path`` (if given), then ``overrides`` (the options given, ``None`` for absent)."""
    settings: dict[str, Any] = {}
    if path is not None:
        try:
            settings = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise SiteError(f"{path}: error: cannot read: {exc.strerror or exc}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SiteError(f"{path}: error: not valid TOML: {exc}") from None
        unknown = sorted(set(settings) - _KEYS)
        if unknown:
            raise SiteError(
                f"{path}: error: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
            )
    sources = dict.fromkeys(settings, path or "--config")
    for name, value in overrides.items():
        if value is not None:
            settings[name] = value
            sources[name] = "--" + name.replace("_", "-")
    config = SiteConfig()
    changes: dict[str, Any] = {}
    if "title" in settings:
        title = settings["title"]
        if not isinstance(title, str) or not title.strip():
            raise SiteError(f"{sources['title']}: error: the title must be non-empty text")
        changes["title"] = " ".join(title.split())
    if "base_url" in settings:
        changes["base_url"] = _base_url(settings["base_url"], sources["base_url"])
    if "locales" in settings:
        changes["locales"] = _locales(settings["locales"], sources["locales"])
    for name in ("window_days", "page_size"):
        if name in settings:
            changes[name] = _positive(settings[name], name, sources[name])
    return attrs.evolve(config, **changes)
