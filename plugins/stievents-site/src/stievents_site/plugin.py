"""The hook implementation: ``stievents site`` with its ``build`` and ``serve`` sub-commands.

Light on purpose: ``stievents --help`` imports this module to list the
command; the parser is configured and the build imported only when asked for.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import stievents
from stievents.plugin_types import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    from stievents_site.cli import configure

    configure(parser)


def _run(args: argparse.Namespace) -> int:
    from stievents_site.cli import run

    return run(args)


@stievents.hookimpl
def stievents_commands() -> Iterator[Command]:
    yield Command(
        name="site",
        help="build a static events site (pages, feeds, sitemaps) or preview one",
        description=(
            "Build a whole events site from files or folders of events (site build), incrementally,"
            " or preview a built site with the right media types and caching headers (site serve)."
        ),
        configure=_configure,
        run=_run,
    )
