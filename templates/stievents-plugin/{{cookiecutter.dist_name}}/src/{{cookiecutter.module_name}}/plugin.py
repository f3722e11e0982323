"""The hook implementations stievents finds through this package's entry point.

Keep this module cheap to import: stievents imports it whenever it lists
formats or commands. It imports the model only for type checking and the writer
only when a file is written, so listing formats never loads them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import Command, ExportContext, Exporter

if TYPE_CHECKING:
    import argparse

    from stievents.model import Event

FORMAT_NAME = "{{ cookiecutter.format_name }}"

FIDELITY = frozenset(
    {
        "title",
        "start",
        "end",
        "status",
        "status_history.reason",
        "venue.locality",
        "venue.country",
        "sessions.title",
        "sessions.start",
        "sessions.end",
    }
)
"""The model facts this format writes (see ``stievents.facts.all_facts()``)."""


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from .writer import write_agenda

    write_agenda(events, stream, context)


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    """Yield one Exporter per format this plugin writes."""
    yield Exporter(
        name=FORMAT_NAME,
        write=_write,
        media_type="{{ cookiecutter.media_type }}",
        suffixes=("{{ cookiecutter.suffix }}",),
        description="{{ cookiecutter.format_description }}",
        fidelity=FIDELITY,
    )


def _configure_preview(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--example", dest="examples", action="append", default=[], metavar="NAME", help="a built-in example"
    )


def _preview(args: argparse.Namespace) -> int:
    """Print the format of the built-in examples (every one when none is named); the exit code."""
    import sys

    names = args.examples or stievents.example_names()
    unknown = sorted(set(names) - set(stievents.example_names()))
    if unknown:
        sys.stderr.write(f"stievents {FORMAT_NAME}-preview: unknown example {unknown[0]!r}\n")
        return 2
    events = [stievents.example(name) for name in names]
    sys.stdout.write(stievents.export(events, FORMAT_NAME).decode("utf-8"))
    return 0


@stievents.hookimpl
def stievents_commands() -> Iterator[Command]:
    """Yield one Command per subcommand this plugin adds to ``stievents`` (here: a preview of the format)."""
    yield Command(
        name=f"{FORMAT_NAME}-preview",
        help=f"print built-in examples as {FORMAT_NAME}",
        description=f"Print the built-in examples (or those named with --example) in the {FORMAT_NAME} format.",
        configure=_configure_preview,
        run=_preview,
    )
