"""stievents hooks of the ActivityStreams plugin: kept light, the work is imported on first use.

Registering the format imports only :mod:`stievents.plugin_types` and the fact
lists (plain strings): ``stievents formats`` never loads the model for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult
from stievents_activitystreams._fidelity import EXPORT_FIDELITY, IMPORT_FIDELITY

if TYPE_CHECKING:
    from stievents.model import Event

MEDIA_TYPE = "application/activity+json"
SUFFIXES = (".as.json", ".activity.json")


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_activitystreams import _export

    _export.write(events, stream, context)


def _read(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_activitystreams import _import

    return _import.read(data, context)


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    """The ``activitystreams`` format: one AS2 ``Event``, or an ``OrderedCollection`` of them."""
    yield Exporter(
        name="activitystreams",
        write=_write,
        media_type=MEDIA_TYPE,
        suffixes=SUFFIXES,
        description="ActivityStreams 2.0 Event (FEP-8a8e, Mobilizon/Gancio); OrderedCollection for several",
        fidelity=EXPORT_FIDELITY,
    )


@stievents.hookimpl
def stievents_importers() -> Iterator[Importer]:
    """Reads what Mobilizon, Gancio and WordPress publish: an Event, a collection page, a Create activity."""
    yield Importer(
        name="activitystreams",
        read=_read,
        media_type=MEDIA_TYPE,
        suffixes=SUFFIXES,
        description="ActivityStreams 2.0 Event, Collection/OrderedCollection page or Create activity",
        fidelity=IMPORT_FIDELITY,
    )
