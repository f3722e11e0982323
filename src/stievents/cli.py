"""The ``stievents`` command line: list, convert and validate events.

The top of the architecture: it parses arguments, reads files, calls the public
API and maps errors to exit codes (0 ok, 1 invalid input or failed conversion,
2 usage, 3 plugin failure in strict mode, 129 hangup, 130 interrupted, 143
terminated). It prints no Python traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import attrs

from stievents import __version__

if TYPE_CHECKING:
    from stievents._progress import Activity, Progress
    from stievents.api import FormatInfo
    from stievents.errors import PluginError
    from stievents.limits import Limits
    from stievents.model import Event
    from stievents.plugin_types import Command, ExportContext, Exporter

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PLUGIN = 3
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    """A mistake in the command line itself (exit 2)."""


class _Failure(Exception):
    """A reported failure: the messages are already printed (exit 1)."""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _parser(plugin_commands: Sequence[Command] = (), asked: str | None = None) -> argparse.ArgumentParser:
    """The parser of the built-in commands, and of ``plugin_commands`` (see :func:`_plugin_commands`).

    Only the command ``asked`` for is configured by its plugin: listing the
    others in ``--help`` needs their name and help line, no plugin code.
    """
    parser = _ArgumentParser(
        prog="stievents",
        description="Model, convert and validate science, technology and innovation policy events.",
    )
    parser.add_argument("--version", action="version", version=f"stievents {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)

    commands.add_parser("examples", help="list the built-in example events")
    commands.add_parser("schema", help="print the JSON Schema of the canonical document")

    fmt = commands.add_parser("formats", help="list the installed formats")
    fmt.add_argument("--json", action="store_true", help="print JSON instead of tab-separated lines")

    commands.add_parser("plugins", help="list plugins, their versions and hooks, and any that failed")

    schemes = commands.add_parser("schemes", help="list the installed classification schemes")
    schemes.add_argument("--json", action="store_true", help="print JSON, with every scheme's codes")

    convert = commands.add_parser("convert", help="convert events between formats")
    _add_inputs(convert)
    convert.add_argument("--to", required=True, metavar="FORMAT", help="output format (see 'stievents formats')")
    convert.add_argument("--from", dest="from_format", metavar="FORMAT", help="input format (default: by suffix)")
    convert.add_argument("-o", "--output", metavar="OUTPUT", help="output file (or directory for per-event formats)")
    convert.add_argument("--now", metavar="DATETIME", help="the moment 'now' (ISO 8601 with offset), for stable output")
    convert.add_argument("--locale", default="en", metavar="LANG", help="language of labels and dates (en, fr)")
    convert.add_argument("--base-url", metavar="URL", help="base URL for links and ids")
    convert.add_argument(
        "-O", dest="options", action="append", default=[], metavar="KEY=VALUE", help="a format option (repeatable)"
    )
    convert.add_argument(
        "-I", dest="input_options", action="append", default=[], metavar="KEY=VALUE", help="an input format option"
    )
    convert.add_argument("--lenient", action="store_true", help="keep the valid events of a partly broken input")

    validate = commands.add_parser("validate", help="check events; problems go to stderr as 'INPUT: $.path: message'")
    _add_inputs(validate)
    validate.add_argument("--from", dest="from_format", metavar="FORMAT", help="input format (default: by suffix)")
    validate.add_argument(
        "-I", dest="input_options", action="append", default=[], metavar="KEY=VALUE", help="an input format option"
    )
    validate.add_argument("--profile", metavar="NAME", help="extra checks, e.g. 'google'")

    stats = commands.add_parser("stats", help="count events by year, country, type, classification... (or chart)")
    _add_inputs(stats)
    stats.add_argument("--from", dest="from_format", metavar="FORMAT", help="input format (default: by suffix)")
    stats.add_argument(
        "-I", dest="input_options", action="append", default=[], metavar="KEY=VALUE", help="an input format option"
    )
    stats.add_argument("--lenient", action="store_true", help="count the valid events of a partly broken input")
    stats.add_argument("--by", required=True, metavar="KEY[,KEY]", help="what to count by (see docs/cli.md)")
    stats.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default: table)")
    stats.add_argument("--chart", metavar="FILE", help="also draw a chart: FILE.svg or FILE.png (needs matplotlib)")
    stats.add_argument("--now", metavar="DATETIME", help="the moment 'now' for the phase key (ISO 8601 with offset)")

    demo = commands.add_parser("demo", help="show an example and convert it to every installed format")
    demo.add_argument("--example", default="oecd-co-creation-2020", metavar="NAME")
    demo.add_argument("-o", "--output", default="stievents-demo", metavar="DIR", help="directory for the files")
    demo.add_argument("--now", metavar="DATETIME", help="the moment 'now' (ISO 8601 with offset)")
    demo.add_argument("--locale", default="en", metavar="LANG")
    for command in plugin_commands:
        sub = commands.add_parser(command.name, help=command.help, description=command.description or command.help)
        if command.name == asked:
            command.configure(sub)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv``: its first word that is not an option (the global options take no value)."""
    for index, word in enumerate(argv):
        if word == "--":
            return argv[index + 1] if index + 1 < len(argv) else None
        if not word.startswith("-"):
            return word
    return None


def _plugin_commands(asked: str | None) -> list[Command]:
    """The commands plugins add, loading plugins: for a command that is not built in, or for the command list.

    A plugin command named like a built-in one never runs (the built-in does)
    and is reported naming both; a command two plugins claim, or one whose
    plugin failed to load, is reported when asked for (exit 1), as a format is.
    """
    from stievents.errors import UnknownFormatError
    from stievents.plugins import get_registry

    registry = get_registry()
    if asked is not None and asked not in _COMMANDS:
        try:
            registry.command(asked)
        except UnknownFormatError as exc:
            if exc.__class__ is not UnknownFormatError:  # a conflict or a failed plugin, not a mistyped name
                raise
    _warn_command_clashes()
    return [p.item for name, p in sorted(registry.commands.items()) if name not in _COMMANDS]


def _warn_command_clashes() -> None:
    """A warning for each plugin command named like a built-in one, naming both: the built-in runs."""
    from stievents.plugins import get_registry

    for name, provided in sorted(get_registry().commands.items()):
        if name in _COMMANDS:
            plugin = provided.plugin
            sys.stderr.write(
                f"stievents: warning: command {name!r} is claimed by plugin {plugin.name!r}"
                f" ({plugin.distribution} {plugin.version}) and built into stievents {__version__};"
                " the built-in command runs, the plugin's never does\n"
            )


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="input files ('-' for standard input)")
    parser.add_argument(
        "--example", dest="examples", action="append", default=[], metavar="NAME", help="a built-in example"
    )
    parser.add_argument(
        "--limit",
        dest="limits",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a resource limit, e.g. max_events=100 or max_input_bytes=1000000 (repeatable; see docs)",
    )
    _add_progress(parser)


def _add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on stderr while reading, validating and writing (default: when stderr is a terminal)",
    )


# ------------------------------------------------------------------ commands


def _cmd_examples(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents.examples import EXAMPLES

    for name, description in EXAMPLES.items():
        out.write(f"{name}\t{description}\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents.schema import schema_text

    out.write(schema_text())
    return EXIT_OK


def _cmd_formats(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents.api import formats, plugin_infos

    infos = formats()
    _warn_failed_plugins(plugin_infos())
    _warn_plugin_conflicts()
    if args.json:
        rows = [
            {
                "name": f.name,
                "direction": f.direction,
                "media_type": f.media_type,
                "suffixes": list(f.suffixes),
                "aliases": list(f.aliases),
                "description": f.description,
                "distribution": f.distribution,
                "version": f.version,
            }
            for f in infos
        ]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    for f in infos:
        out.write(f"{f.name}\t{f.direction}\t{f.media_type}\t{f.distribution}\t{f.version}\n")
    return EXIT_OK


def _cmd_plugins(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents.api import plugin_infos
    from stievents.plugins import get_registry

    _warn_plugin_conflicts()
    _warn_command_clashes()
    commands: dict[str, list[str]] = {}
    for name, provided in sorted(get_registry().commands.items()):
        if name not in _COMMANDS:
            commands.setdefault(provided.plugin.name, []).append(name)
    for info in plugin_infos():
        status = f"FAILED: {info.error}" if info.error else ", ".join(info.hooks)
        if info.name in commands:
            status += f"; commands: {', '.join(commands[info.name])}"
        out.write(f"{info.name}\t{info.distribution}\t{info.version}\t{status}\n")
    return EXIT_OK


def _cmd_schemes(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents.api import classification_schemes, plugin_infos

    schemes = classification_schemes()
    _warn_failed_plugins(plugin_infos())
    _warn_plugin_conflicts()
    if args.json:
        rows = []
        for scheme in schemes:
            iris = dict(scheme.code_iris)
            codes = []
            for code, label in scheme.codes:
                entry = {"code": code, "label": label}
                if code in iris:
                    entry["iri"] = iris[code]
                codes.append(entry)
            rows.append(
                {
                    "id": scheme.id,
                    "name": scheme.name,
                    "edition": scheme.edition,
                    "url": scheme.url,
                    "iri": scheme.iri,
                    "closed": bool(codes),
                    "codes": codes,
                }
            )
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    for scheme in schemes:  # id, name, edition, number of codes (0: open), url
        out.write(f"{scheme.id}\t{scheme.name}\t{scheme.edition or '-'}\t{len(scheme.codes)}\t{scheme.url or '-'}\n")
    return EXIT_OK


def _warn_failed_plugins(infos: Sequence[object]) -> None:
    for info in infos:
        error = getattr(info, "error", None)
        if error:
            sys.stderr.write(f"stievents: warning: plugin {getattr(info, 'name', '?')!r} failed to load: {error}\n")


def _parse_now(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    value: dt.datetime
    try:
        if "[" in text:
            from stievents import _time

            parsed = _time.parse_temporal(text, allow_date=False)
            assert isinstance(parsed, dt.datetime)
            value = parsed
        else:
            value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(f"stievents: --now: {exc}") from None
    if value.tzinfo is None:
        raise _UsageError("stievents: --now: give an offset or Z, e.g. 2026-01-01T00:00:00Z")
    return value


def _parse_options(pairs: Sequence[str], flag: str = "-O") -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise _UsageError(f"stievents: {flag} expects KEY=VALUE, got {pair!r}")
        options[key.strip()] = value
    return options


def _load_collection(args: argparse.Namespace, err: IO[str]) -> list[Event]:
    """Read every input and example into one collection with unique ids."""
    from stievents import api
    from stievents.errors import FormatError, PluginFailedError, Severity, StieventsError, ValidationError
    from stievents.examples import EXAMPLES, example

    if not args.inputs and not args.examples:
        raise _UsageError("stievents: give at least one INPUT or --example NAME")
    limits = _parse_limits(getattr(args, "limits", []))
    collection: list[tuple[str, Event]] = []
    failed = False
    for name in args.examples:
        if name not in EXAMPLES:
            raise _UsageError(f"stievents: unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
        collection.append((f"example:{name}", example(name)))
    for source in args.inputs:
        try:
            data = _read_input(source, getattr(args, "progress", None))
        except OSError as exc:
            err.write(f"{source}: cannot read: {exc.strerror or exc}\n")
            failed = True
            continue
        fmt = args.from_format or _format_for_suffix(source)
        input_options = _input_options(fmt, getattr(args, "input_options", []))
        try:
            with _activity(f"stievents: decoding {source} ({fmt})", getattr(args, "progress", None)):
                result = api.read(
                    data, fmt, source=source, lenient=getattr(args, "lenient", False), limits=limits, **input_options
                )
        except ValidationError as exc:
            _print_problems(source, exc.problems, err)
            failed = True
            continue
        except FormatError as exc:
            err.write(f"{source}: {exc}\n")
            failed = True
            continue
        except StieventsError as exc:
            if isinstance(exc, PluginFailedError) and getattr(args, "debug", False):
                raise  # a plugin's bug: its traceback, for the report to its authors
            err.write(f"{source}: {exc}\n")
            failed = True
            continue
        _print_problems(source, result.problems, err)
        if not result.events and any(p.severity is Severity.ERROR for p in result.problems):
            failed = True
        collection.extend((source, event) for event in result.events)
    if failed:
        raise _Failure
    seen: dict[str, str] = {}
    for source, event in collection:
        event_id = getattr(event, "id", "")
        if event_id in seen:
            err.write(f"{source}: event id {event_id!r} is also used in {seen[event_id]}\n")
            failed = True
        seen[event_id] = source
    if failed:
        raise _Failure
    return [event for _, event in collection]


def _parse_limits(pairs: Sequence[str]) -> Limits:
    from stievents.limits import Limits

    try:
        return Limits.from_strings(_parse_options(pairs, "--limit"))
    except ValueError as exc:
        raise _UsageError(f"stievents: --limit: {exc}") from None


def _input_options(fmt: str, pairs: Sequence[str]) -> dict[str, str]:
    """The ``-I`` options, checked against the importer's options class before any decoding.

    An unknown key or a bad value is a mistake in the command line (exit 2),
    found before a long read rather than reported as a problem of the input.
    """
    from stievents import api
    from stievents._options import build_options
    from stievents.errors import ValidationError

    options = _parse_options(pairs, "-I")
    importer = api.get_importer(fmt)
    try:
        build_options(importer.options, importer.name, options)
    except ValidationError as exc:
        raise _UsageError("\n".join(f"stievents: -I: {problem}" for problem in exc.problems)) from None
    return options


def _read_input(source: str, progress: bool | None) -> bytes:
    """The bytes of ``source`` (``-``: standard input), read in chunks with a progress line when shown.

    Counting bytes needs no help from the importer, so it works for every
    format; the line appears only when reading is slow (a pipe, a network
    share). Without progress the file is read in one call, as before.
    """
    from stievents._progress import show_progress

    stream_in: IO[bytes]
    if not show_progress(sys.stderr, progress):
        return sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    with contextlib.ExitStack() as stack:
        if source == "-":
            stream_in, total = sys.stdin.buffer, None
        else:
            stream_in = stack.enter_context(Path(source).open("rb"))
            size = os.fstat(stream_in.fileno()).st_size
            total = size or None  # /proc files and FIFOs say 0
        activity = stack.enter_context(_activity(f"stievents: reading {source}", True, total=total, counts_bytes=True))
        chunks: list[bytes] = []
        while chunk := stream_in.read(_CHUNK):
            chunks.append(chunk)
            if activity is not None:
                activity.done += len(chunk)
        return b"".join(chunks)


_CHUNK = 1 << 20
"""Bytes read at a time when progress is shown."""


def _activity(
    label: str, progress: bool | None, *, total: int | None = None, counts_bytes: bool = False
) -> contextlib.AbstractContextManager[Activity | None]:
    """A progress line for a phase that cannot be counted in events, or nothing when progress is not shown."""
    from stievents._progress import Activity, show_progress

    if not show_progress(sys.stderr, progress):
        return contextlib.nullcontext()
    return Activity(sys.stderr, label, total=total, counts_bytes=counts_bytes)


def _format_for_suffix(source: str) -> str:
    from stievents.api import importers_for_suffix

    if source == "-":
        raise _UsageError("stievents: reading standard input needs --from FORMAT")
    # The longest suffix an importer claims wins: "x.schedule.json" is schedule-json's, "x.json" the core's.
    parts = [part.lower() for part in Path(source).suffixes]
    suffix, candidates = (parts[-1] if parts else ""), []
    for first in range(len(parts)):
        suffix = "".join(parts[first:])
        candidates = importers_for_suffix(suffix)
        if candidates:
            break
    if len(candidates) == 1:
        return candidates[0].name
    if not candidates:
        raise _UsageError(f"stievents: {source}: no importer claims the suffix {suffix or '(none)'!r}; use --from")
    names = ", ".join(c.name for c in candidates)
    raise _UsageError(f"stievents: {source}: several importers claim {suffix!r} ({names}); use --from")


def _print_problems(source: str, problems: Sequence[object], err: IO[str]) -> None:
    for problem in problems:
        err.write(f"{source}: {problem}\n")


def _cmd_convert(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents import api
    from stievents.errors import PluginFailedError, StieventsError

    now = _parse_now(args.now)
    exporter = api.get_exporter(args.to)
    context = _export_context(exporter, args, now)
    events = _load_collection(args, sys.stderr)
    try:
        _write(exporter, events, context, args.output, out, args.progress)
    except PluginFailedError:
        raise  # named by _report_plugin_error: the plugin's bug, not a failed conversion of the input
    except StieventsError as exc:
        sys.stderr.write(f"stievents: cannot convert to {exporter.name}: {exc}\n")
        return EXIT_INVALID
    return EXIT_OK


def _export_context(exporter: Exporter, args: argparse.Namespace, now: dt.datetime | None) -> ExportContext:
    """The export context; an unknown ``-O`` key or a bad value is a usage error (exit 2), found before reading."""
    from stievents import api
    from stievents.errors import ValidationError

    options = _parse_options(args.options)
    try:
        return api.make_export_context(exporter, now=now, locale=args.locale, base_url=args.base_url, options=options)
    except ValidationError as exc:
        raise _UsageError("\n".join(f"stievents: -O: {problem}" for problem in exc.problems)) from None


def _names_a_directory(output: str) -> bool:
    """``-o out/``: a trailing separator means a directory, as for ``cp`` and ``rsync``, even when it is missing."""
    return output.endswith(("/", os.sep)) or (os.altsep is not None and output.endswith(os.altsep))


def _write(
    exporter: Exporter,
    events: Sequence[Event],
    context: ExportContext,
    output: str | None,
    out: IO[str],
    show: bool | None = None,
) -> None:
    from stievents._atomic import atomic_write

    per_event = exporter.per_event and len(events) > 1
    if per_event or (output is not None and output != "-" and _names_a_directory(output)):
        if output is None:
            raise _UsageError(f"stievents: {exporter.name} writes one file per event: give -o DIR")
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        shared = attrs.evolve(context, collection=tuple(events))  # once: not once per event
        with _progress(exporter, events, show) as progress:
            for done, event in enumerate(events, 1):
                target = directory / f"{event.id}{exporter.suffixes[0]}"
                with atomic_write(target) as stream:
                    exporter.write([event], stream, shared)
                if progress is not None:
                    progress.update(done)
        return
    context = attrs.evolve(context, collection=tuple(events))
    with _progress(exporter, events, show) as progress:
        if progress is not None:
            from stievents._progress import ProgressSequence

            events = ProgressSequence(events, progress)
        if output is None or output == "-":
            stream = sys.stdout.buffer
            exporter.write(events, stream, context)
            stream.flush()
            return
        target = Path(output)
        if target.is_dir():
            name = f"{events[0].id}" if len(events) == 1 else "events"
            target = target / f"{name}{exporter.suffixes[0]}"
        with _output(target) as stream:
            exporter.write(events, stream, context)


@contextlib.contextmanager
def _progress(exporter: Exporter, events: Sequence[Event], show: bool | None = None) -> Iterator[Progress | None]:
    """A progress bar on stderr for a long conversion when progress is shown (see ``--progress``), else ``None``.

    Exporters write event by event, so the bar follows their iteration; the
    line is ended even when the conversion fails, so that messages start clean.
    """
    from stievents._progress import Progress, wants_progress

    if not wants_progress(sys.stderr, len(events), show):
        yield None
        return
    progress = Progress(sys.stderr, len(events), f"stievents: writing {exporter.name}")
    try:
        yield progress
    except BaseException:
        sys.stderr.write("\n")
        raise
    progress.close()


def _output(target: Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Atomic replacement for files; a character device or FIFO is written in place, never replaced.

    ``-o /dev/stdout``, ``-o /dev/full`` or a pipe work as a shell redirection
    would; :func:`~stievents._atomic.atomic_write` refuses every other kind of
    target that is not a regular file (a block device, a socket).
    """
    from stievents._atomic import atomic_write, target_kind

    if target_kind(target) in ("character device", "FIFO"):
        return target.open("wb")
    return atomic_write(target)


def _cmd_validate(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents import api
    from stievents.errors import Severity

    err = sys.stderr
    if args.profile:
        api.get_profile(args.profile)  # an unknown profile is a usage error, before any reading
    if not args.inputs and not args.examples:
        raise _UsageError("stievents: give at least one INPUT or --example NAME")
    failed = False
    count = 0
    sources = [(f"example:{name}", _only(args, [], [name])) for name in args.examples]
    sources += [(source, _only(args, [source], [])) for source in args.inputs]
    for source, sub in sources:
        try:
            events = _load_collection(sub, err)
        except _Failure:
            failed = True
            continue
        with _activity(f"stievents: validating {source}", args.progress):
            problems = api.validate(events, profile=args.profile)
        _print_problems(source, problems, err)
        failed = failed or any(p.severity is Severity.ERROR for p in problems)
        count += len(events)
    if failed:
        return EXIT_INVALID
    out.write(f"{count} event{'s' if count != 1 else ''} valid\n")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, out: IO[str]) -> int:
    """Count the events of every input by ``--by``; the key, the chart and matplotlib are checked before reading."""
    import importlib.util

    from stievents import _stats_output
    from stievents.statistics import stats

    keys = [part.strip() for part in args.by.split(",")]
    now = _parse_now(args.now)
    try:
        stats([], keys)  # an unknown or repeated key: a usage error, before any reading
    except ValueError as exc:
        raise _UsageError(f"stievents: --by: {exc}") from None
    chart_format = None
    if args.chart is not None:
        chart_format = Path(args.chart).suffix.lower().lstrip(".")
        if chart_format not in ("svg", "png"):
            raise _UsageError(f"stievents: --chart: give a file name ending in .svg or .png, got {args.chart!r}")
        if len(keys) > 2:
            raise _UsageError("stievents: --chart draws one key (a bar chart) or two (a heat map), not more")
        if importlib.util.find_spec("matplotlib") is None:
            sys.stderr.write("stievents: error: --chart needs matplotlib, which is not installed: ")
            sys.stderr.write("pip install 'stievents[charts]'\n")
            return EXIT_INVALID
    events = _load_collection(args, sys.stderr)
    with _activity("stievents: counting", args.progress):
        result = stats(events, keys, now=now)
    render = {"table": _stats_output.as_table, "csv": _stats_output.as_csv, "json": _stats_output.as_json}
    out.write(render[args.format](result))
    if chart_format is not None:
        from stievents.charts import write_chart

        with _output(Path(args.chart)) as stream:
            write_chart(result, stream, chart_format)
    return EXIT_OK


def _only(args: argparse.Namespace, inputs: list[str], examples: list[str]) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "inputs": inputs, "examples": examples, "lenient": False})


def _cmd_demo(args: argparse.Namespace, out: IO[str]) -> int:
    """Write the example in every installed export format; a format that fails does not stop the others."""
    from stievents import api
    from stievents._atomic import atomic_write
    from stievents.errors import PluginFailedError, StieventsError
    from stievents.examples import EXAMPLES, example
    from stievents.summary import summary

    if args.example not in EXAMPLES:
        raise _UsageError(f"stievents: unknown example {args.example!r}; examples: {', '.join(EXAMPLES)}")
    event = example(args.example)
    now = _parse_now(args.now)
    out.write(summary(event))
    directory = Path(args.output)
    directory.mkdir(parents=True, exist_ok=True)
    _warn_failed_plugins(api.plugin_infos())
    _warn_plugin_conflicts()
    plan = _demo_files(event.id, args.locale, [f for f in api.formats() if f.exporter is not None])
    width = max((len(name) for _, name in plan), default=0)
    out.write(f"\nConverted to every installed export format in {directory}/:\n")
    out.flush()
    failed: list[str] = []
    for info, name in plan:
        assert info.exporter is not None
        target = directory / name
        try:
            context = api.make_export_context(info.exporter, now=now, locale=args.locale)
            with atomic_write(target) as stream:  # a failed format leaves no file behind
                info.exporter.write([event], stream, context)
        except StieventsError as exc:
            failed.append(info.name)
            if isinstance(exc, PluginFailedError):
                if args.debug:
                    import traceback

                    traceback.print_exception(exc, file=sys.stderr)
                sys.stderr.write(f"stievents: {exc}\n")
            else:
                sys.stderr.write(f"stievents: cannot convert to {info.name}: {exc}\n")
            continue
        out.write(f"  {name:<{width}}  {info.description} (--to {info.name})\n")
    if failed:
        sys.stderr.write(f"stievents: {len(failed)} of {len(plan)} formats failed: {', '.join(failed)}\n")
        return EXIT_INVALID
    return EXIT_OK


def _demo_files(event_id: str, locale: str, infos: Sequence[FormatInfo]) -> list[tuple[FormatInfo, str]]:
    """The file name of each format: ``<id>[.<locale>]<suffix>``, its exporter's first suffix.

    The suffix is the exporter's to choose, so that a browser opens the file as
    what it is. Should two formats still share one, the second gets
    ``<id>.<format><suffix>``. A locale other than English is in every name, so
    a French demo written next to the English one overwrites nothing.
    """
    stem = event_id if locale == "en" else f"{event_id}.{locale}"
    used: set[str] = set()
    plan = []
    for info in infos:
        assert info.exporter is not None
        suffix = info.exporter.suffixes[0]
        plan.append((info, f"{stem}{suffix}" if suffix not in used else f"{stem}.{info.name}{suffix}"))
        used.add(suffix)
    return plan


def _warn_plugin_conflicts() -> None:
    """A warning for each name several plugins claim: that name is unusable, the others work."""
    from stievents.api import plugin_conflicts

    for conflict in plugin_conflicts():
        sys.stderr.write(f"stievents: warning: {conflict.message}\n")


def _report_plugin_error(exc: PluginError) -> int:
    """Print a plugin error; exit 3 only when strict mode made a plugin's failure to load fatal.

    A plugin that fails while converting (:class:`PluginFailedError`), a format
    whose plugin failed to load, a name two plugins claim: each is exit 1,
    and every other format keeps working.
    """
    from stievents.errors import PluginFailedError
    from stievents.plugins import strict_mode

    if isinstance(exc, PluginFailedError) or not strict_mode():
        sys.stderr.write(f"stievents: {exc}\n")
        return EXIT_INVALID
    sys.stderr.write(f"stievents: plugin error: {exc}\n")
    return EXIT_PLUGIN


_COMMANDS = {
    "examples": _cmd_examples,
    "schema": _cmd_schema,
    "formats": _cmd_formats,
    "plugins": _cmd_plugins,
    "schemes": _cmd_schemes,
    "convert": _cmd_convert,
    "validate": _cmd_validate,
    "demo": _cmd_demo,
    "stats": _cmd_stats,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    words = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in words
    previous = _raise_on_signals()
    try:
        asked = _command_word(words)
        # plugins are loaded for a command that is not built in, or to list the commands (--help, or no
        # command at all); never for --version or a built-in command
        wants_plugins = asked not in _COMMANDS if asked is not None else "--version" not in words
        try:
            parser = _parser(_plugin_commands(asked), asked) if wants_plugins else _parser()
            args = parser.parse_args(words)
        except _UsageError as exc:
            sys.stderr.write(f"{exc}\n")
            return EXIT_USAGE
        except Exception as exc:
            from stievents.errors import PluginError

            if debug or not isinstance(exc, PluginError):
                raise
            return _report_plugin_error(exc)  # a plugin command that is unusable, or failed to configure
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return _run(args)
    except _Signalled as exc:
        sys.stderr.write(f"stievents: {exc.word}\n")
        return 128 + exc.signum
    except KeyboardInterrupt:
        sys.stderr.write("stievents: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except Exception:
        if debug:
            raise
        import traceback

        last = traceback.format_exc().strip().splitlines()[-1]
        sys.stderr.write(f"stievents: internal error: {last} (run with --debug for the traceback)\n")
        return EXIT_INVALID
    finally:
        _restore_signals(previous)


class _Signalled(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread as SIGINT raises :class:`KeyboardInterrupt`.

    A :class:`BaseException`, so that no ``except Exception`` on the way
    swallows it, and every ``finally`` and cleanup runs: the atomic writer
    removes its temporary file, the progress line is ended. ``timeout``,
    ``kill``, systemd and a closed terminal then leave nothing behind.
    """

    def __init__(self, signum: int, word: str) -> None:
        super().__init__(signum, word)
        self.signum = signum
        self.word = word


_SIGNALS = {"SIGTERM": "terminated", "SIGHUP": "hangup"}
"""The signals that end a run cleanly (exit 128 + number), with the word printed; SIGHUP is POSIX only."""


def _raise_on_signals() -> dict[int, object]:
    """Turn SIGTERM and SIGHUP into :class:`_Signalled`; return the handlers to restore afterwards.

    Only the first signal raises: a second one during the cleanup is ignored, so
    that the cleanup itself is never interrupted. Nothing is installed outside the
    main thread (``signal.signal`` refuses there) or for a signal the user set to
    be ignored (``nohup`` sets SIGHUP so: it must keep working).
    """
    previous: dict[int, object] = {}
    raised = False

    def handler(signum: int, frame: object) -> None:
        nonlocal raised
        if raised:
            return
        raised = True
        raise _Signalled(signum, _SIGNALS.get(signal.Signals(signum).name, "terminated"))

    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is signal.SIG_IGN:
            continue
        try:
            previous[number] = signal.signal(number, handler)
        except ValueError:  # not the main thread: the embedding program owns the signals
            break
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        if handler is not None:  # None: a handler installed from C, which Python cannot put back
            signal.signal(number, handler)  # type: ignore[arg-type]


def _quiet_stdout() -> None:
    """After standard output was closed (``| head``): point it at /dev/null so the final flush stays silent.

    Python's documented recipe for SIGPIPE (the ``signal`` module's "Note on
    SIGPIPE"): the interpreter flushes stdout on exit, and a flush into the
    closed pipe would print ``Exception ignored ... BrokenPipeError``.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # replaced by a test or an embedding program: nothing to silence
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def _run_plugin_command(args: argparse.Namespace) -> int:
    """Run the plugin command ``args.command`` (its plugin is blamed when it raises or returns no exit code)."""
    from stievents.plugins import get_registry

    return get_registry().command(args.command).run(args)


def _run(args: argparse.Namespace) -> int:
    from stievents.errors import PluginError, StieventsError, UnknownFormatError, ValidationError

    try:
        builtin = _COMMANDS.get(args.command)
        if builtin is None:
            return _run_plugin_command(args)
        return builtin(args, sys.stdout)
    except _UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except _Failure:
        return EXIT_INVALID
    except PluginError as exc:
        if args.debug:
            raise
        return _report_plugin_error(exc)
    except UnknownFormatError as exc:
        sys.stderr.write(f"stievents: {exc}\n")
        return EXIT_USAGE
    except ValidationError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"stievents: {problem}\n")
        return EXIT_INVALID
    except StieventsError as exc:
        if args.debug:
            raise
        sys.stderr.write(f"stievents: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:
        raise  # the reader of our output has gone (``| head``): main() ends quietly
    except OSError as exc:
        if args.debug:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"stievents: cannot write{where}: {exc.strerror or exc}\n")
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
