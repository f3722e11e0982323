"""The hooks a stievents plugin may implement.

Each hook yields typed, frozen descriptions (see :mod:`stievents.formats`); the
host collects them from every plugin and checks names for conflicts. Implement
hooks with the public marker :data:`stievents.hookimpl`::

    import stievents
    from stievents.formats import Exporter

    @stievents.hookimpl
    def stievents_exporters():
        yield Exporter(name="csv", write=write_csv, media_type="text/csv",
                       suffixes=(".csv",), description="One row per event")

Register the module under the ``stievents.plugins`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from stievents.formats import (
        ClassificationScheme,
        ExportContext,
        Exporter,
        HeadContribution,
        Importer,
        ValidationProfile,
    )
    from stievents.model import Event

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("stievents")
hookimpl = pluggy.HookimplMarker("stievents")


@hookspec
def stievents_exporters() -> Iterable[Exporter]:  # type: ignore[empty-body]
    """Yield an :class:`~stievents.formats.Exporter` for each format the plugin writes.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_importers() -> Iterable[Importer]:  # type: ignore[empty-body]
    """Yield an :class:`~stievents.formats.Importer` for each format the plugin reads.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_validation_profiles() -> Iterable[ValidationProfile]:  # type: ignore[empty-body]
    """Yield :class:`~stievents.formats.ValidationProfile` objects usable with ``validate --profile``.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_classification_schemes() -> Iterable[ClassificationScheme]:  # type: ignore[empty-body]
    """Yield :class:`~stievents.formats.ClassificationScheme` objects; classifications
    that cite a known closed scheme with an unlisted code get a warning.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_page_head(  # type: ignore[empty-body]
    events: Sequence[Event], context: ExportContext
) -> Iterable[HeadContribution]:
    """Yield :class:`~stievents.formats.HeadContribution` markup for the ``<head>`` of an
    HTML page another plugin renders for ``events`` (e.g. embedded JSON-LD).

    Called through :func:`stievents.page_head`; one plugin's page can thus embed
    another's markup without importing it.

    .. versionadded:: 0.1
    """
