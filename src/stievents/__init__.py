"""stievents: a model of science, technology and innovation (STI) policy events.

Import the model and the functions from here::

    import stievents
    event = stievents.example("oecd-co-creation-2020")
    ics = stievents.export(event, "ics")

Every name is loaded on first access (the model with attrs, the converter with
cattrs, the plugin host with pluggy, and each plugin on first use), so
``import stievents`` and ``stievents --version`` stay cheap. The public
submodules are attributes too, loaded the same way: ``stievents.api.formats()``
works after a plain ``import stievents``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stievents.api import (
        export,
        export_to,
        formats,
        get_exporter,
        get_importer,
        page_head,
        plugin_infos,
        read,
        validate,
    )
    from stievents.errors import (
        FormatError,
        FormatUnavailableError,
        InvalidEventError,
        LimitExceededError,
        OutputError,
        PluginError,
        PluginFailedError,
        Problem,
        Severity,
        StieventsError,
        UnknownFormatError,
        ValidationError,
    )
    from stievents.examples import catalogue, catalogue_dir, example, example_names
    from stievents.frames import to_frame
    from stievents.hookspecs import hookimpl
    from stievents.limits import Limits
    from stievents.model import (
        AttendanceMode,
        AttendancePolicy,
        CitedExample,
        Classification,
        Contact,
        Event,
        EventStatus,
        EventType,
        Geo,
        Image,
        LanguageRole,
        LanguageUse,
        Occurrence,
        Organiser,
        OrganiserRole,
        Override,
        Person,
        Phase,
        PolicyQuestion,
        Project,
        Recurrence,
        Reference,
        Registration,
        RelatedEvent,
        Relation,
        Scope,
        Session,
        SessionKind,
        StatusChange,
        Translation,
        Venue,
        VirtualLocation,
        Visibility,
    )
    from stievents.plugin_types import (
        ClassificationScheme,
        Command,
        ExportContext,
        Exporter,
        HeadContribution,
        ImportContext,
        Importer,
        ImportResult,
        ValidationProfile,
    )
    from stievents.serialize import dump, dumps, load, loads, structure, unstructure
    from stievents.statistics import StatsResult, stats
    from stievents.text import replace_controls

__version__ = "0.1.0"

_LAZY = {
    "Limits": "stievents.limits",
    "ClassificationScheme": "stievents.plugin_types",
    "Command": "stievents.plugin_types",
    "ExportContext": "stievents.plugin_types",
    "Exporter": "stievents.plugin_types",
    "HeadContribution": "stievents.plugin_types",
    "ImportContext": "stievents.plugin_types",
    "ImportResult": "stievents.plugin_types",
    "Importer": "stievents.plugin_types",
    "ValidationProfile": "stievents.plugin_types",
    "FormatError": "stievents.errors",
    "FormatUnavailableError": "stievents.errors",
    "InvalidEventError": "stievents.errors",
    "LimitExceededError": "stievents.errors",
    "OutputError": "stievents.errors",
    "PluginError": "stievents.errors",
    "PluginFailedError": "stievents.errors",
    "Problem": "stievents.errors",
    "Severity": "stievents.errors",
    "StieventsError": "stievents.errors",
    "UnknownFormatError": "stievents.errors",
    "ValidationError": "stievents.errors",
    "AttendanceMode": "stievents.model",
    "AttendancePolicy": "stievents.model",
    "CitedExample": "stievents.model",
    "Classification": "stievents.model",
    "Contact": "stievents.model",
    "Event": "stievents.model",
    "EventStatus": "stievents.model",
    "EventType": "stievents.model",
    "Geo": "stievents.model",
    "Image": "stievents.model",
    "LanguageRole": "stievents.model",
    "LanguageUse": "stievents.model",
    "Occurrence": "stievents.model",
    "Organiser": "stievents.model",
    "OrganiserRole": "stievents.model",
    "Override": "stievents.model",
    "Person": "stievents.model",
    "Phase": "stievents.model",
    "PolicyQuestion": "stievents.model",
    "Project": "stievents.model",
    "Recurrence": "stievents.model",
    "Reference": "stievents.model",
    "Registration": "stievents.model",
    "RelatedEvent": "stievents.model",
    "Relation": "stievents.model",
    "Scope": "stievents.model",
    "Session": "stievents.model",
    "SessionKind": "stievents.model",
    "StatusChange": "stievents.model",
    "Translation": "stievents.model",
    "Venue": "stievents.model",
    "VirtualLocation": "stievents.model",
    "Visibility": "stievents.model",
    "export": "stievents.api",
    "export_to": "stievents.api",
    "formats": "stievents.api",
    "get_exporter": "stievents.api",
    "get_importer": "stievents.api",
    "page_head": "stievents.api",
    "plugin_infos": "stievents.api",
    "read": "stievents.api",
    "validate": "stievents.api",
    "example": "stievents.examples",
    "example_names": "stievents.examples",
    "catalogue": "stievents.examples",
    "catalogue_dir": "stievents.examples",
    "hookimpl": "stievents.hookspecs",
    "dump": "stievents.serialize",
    "dumps": "stievents.serialize",
    "load": "stievents.serialize",
    "loads": "stievents.serialize",
    "structure": "stievents.serialize",
    "unstructure": "stievents.serialize",
    "replace_controls": "stievents.text",
    "stats": "stievents.statistics",
    "StatsResult": "stievents.statistics",
    "to_frame": "stievents.frames",
}


_SUBMODULES = frozenset(
    {
        "api",
        "charts",
        "cli",
        "errors",
        "examples",
        "facts",
        "frames",
        "hookspecs",
        "limits",
        "model",
        "plugin_types",
        "plugins",
        "recurrence",
        "schema",
        "serialize",
        "statistics",
        "summary",
        "testing",
        "text",
    }
)
"""The public submodules, reachable as ``stievents.api`` after a plain ``import stievents``.

Python sets a submodule as an attribute of its package only once something has
imported it, so without this ``stievents.api.formats()`` worked or raised
``AttributeError`` depending on what ran before.
"""


def __getattr__(name: str) -> Any:
    """Load the API's heavier parts (plugin host, converter) and the public submodules on first access."""
    if name in _SUBMODULES:
        return importlib.import_module(f"stievents.{name}")  # the import sets it as an attribute too
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stievents' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


__all__ = [
    "AttendanceMode",
    "AttendancePolicy",
    "CitedExample",
    "Classification",
    "ClassificationScheme",
    "Command",
    "Contact",
    "Event",
    "EventStatus",
    "EventType",
    "ExportContext",
    "Exporter",
    "FormatError",
    "FormatUnavailableError",
    "Geo",
    "HeadContribution",
    "Image",
    "ImportContext",
    "ImportResult",
    "Importer",
    "InvalidEventError",
    "LanguageRole",
    "LanguageUse",
    "LimitExceededError",
    "Limits",
    "Occurrence",
    "Organiser",
    "OrganiserRole",
    "OutputError",
    "Override",
    "Person",
    "Phase",
    "PluginError",
    "PluginFailedError",
    "PolicyQuestion",
    "Problem",
    "Project",
    "Recurrence",
    "Reference",
    "Registration",
    "RelatedEvent",
    "Relation",
    "Scope",
    "Session",
    "SessionKind",
    "Severity",
    "StatsResult",
    "StatusChange",
    "StieventsError",
    "Translation",
    "UnknownFormatError",
    "ValidationError",
    "ValidationProfile",
    "Venue",
    "VirtualLocation",
    "Visibility",
    "__version__",
    "catalogue",
    "catalogue_dir",
    "dump",
    "dumps",
    "example",
    "example_names",
    "export",
    "export_to",
    "formats",
    "get_exporter",
    "get_importer",
    "hookimpl",
    "load",
    "loads",
    "page_head",
    "plugin_infos",
    "read",
    "replace_controls",
    "stats",
    "structure",
    "to_frame",
    "unstructure",
    "validate",
]
