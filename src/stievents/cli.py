"""The ``stievents`` command line: list, convert and validate events.

The top of the architecture: it parses arguments, reads files, calls the public
API and maps errors to exit codes (0 ok, 1 invalid input or failed conversion,
2 usage, 3 plugin failure in strict mode, 130 interrupted). It prints no Python
traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import attrs

from stievents import __version__

if TYPE_CHECKING:
    from stievents._progress import Progress
    from stievents.limits import Limits
    from stievents.model import Event
    from stievents.plugin_types import ExportContext, Exporter

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


def _parser() -> argparse.ArgumentParser:
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

    demo = commands.add_parser("demo", help="show an example and convert it to every installed format")
    demo.add_argument("--example", default="oecd-co-creation-2020", metavar="NAME")
    demo.add_argument("-o", "--output", default="stievents-demo", metavar="DIR", help="directory for the files")
    demo.add_argument("--now", metavar="DATETIME", help="the moment 'now' (ISO 8601 with offset)")
    demo.add_argument("--locale", default="en", metavar="LANG")
    return parser


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

    for info in plugin_infos():
        status = f"FAILED: {info.error}" if info.error else ", ".join(info.hooks)
        out.write(f"{info.name}\t{info.distribution}\t{info.version}\t{status}\n")
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
    from stievents.errors import FormatError, Severity, StieventsError, ValidationError
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
            data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as exc:
            err.write(f"{source}: cannot read: {exc.strerror or exc}\n")
            failed = True
            continue
        fmt = args.from_format or _format_for_suffix(source)
        try:
            result = api.read(
                data,
                fmt,
                source=source,
                lenient=getattr(args, "lenient", False),
                limits=limits,
                **_parse_options(getattr(args, "input_options", []), "-I"),
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


def _format_for_suffix(source: str) -> str:
    from stievents.api import importers_for_suffix

    if source == "-":
        raise _UsageError("stievents: reading standard input needs --from FORMAT")
    suffix = Path(source).suffix.lower()
    candidates = importers_for_suffix(suffix) if suffix else []
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
    from stievents.errors import StieventsError

    now = _parse_now(args.now)
    options = _parse_options(args.options)
    exporter = api.get_exporter(args.to)
    context = api.make_export_context(exporter, now=now, locale=args.locale, base_url=args.base_url, options=options)
    events = _load_collection(args, sys.stderr)
    try:
        _write(exporter, events, context, args.output, out)
    except StieventsError as exc:
        sys.stderr.write(f"stievents: cannot convert to {exporter.name}: {exc}\n")
        return EXIT_INVALID
    return EXIT_OK


def _write(
    exporter: Exporter, events: Sequence[Event], context: ExportContext, output: str | None, out: IO[str]
) -> None:
    from stievents._atomic import atomic_write

    if exporter.per_event and len(events) > 1:
        if output is None:
            raise _UsageError(f"stievents: {exporter.name} writes one file per event: give -o DIR")
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        shared = attrs.evolve(context, collection=tuple(events))  # once: not once per event
        with _progress(exporter, events) as progress:
            for done, event in enumerate(events, 1):
                target = directory / f"{event.id}{exporter.suffixes[0]}"
                with atomic_write(target) as stream:
                    exporter.write([event], stream, shared)
                if progress is not None:
                    progress.update(done)
        return
    context = attrs.evolve(context, collection=tuple(events))
    with _progress(exporter, events) as progress:
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
def _progress(exporter: Exporter, events: Sequence[Event]) -> Iterator[Progress | None]:
    """A progress bar on stderr for a long conversion when stderr is a terminal, else ``None``.

    Exporters write event by event, so the bar follows their iteration; the
    line is ended even when the conversion fails, so that messages start clean.
    """
    from stievents._progress import Progress, wants_progress

    if not wants_progress(sys.stderr, len(events)):
        yield None
        return
    progress = Progress(sys.stderr, len(events), f"stievents: {exporter.name}")
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
        problems = api.validate(events, profile=args.profile)
        _print_problems(source, problems, err)
        failed = failed or any(p.severity is Severity.ERROR for p in problems)
        count += len(events)
    if failed:
        return EXIT_INVALID
    out.write(f"{count} event{'s' if count != 1 else ''} valid\n")
    return EXIT_OK


def _only(args: argparse.Namespace, inputs: list[str], examples: list[str]) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "inputs": inputs, "examples": examples, "lenient": False})


def _cmd_demo(args: argparse.Namespace, out: IO[str]) -> int:
    from stievents import api
    from stievents._atomic import atomic_write
    from stievents.errors import StieventsError
    from stievents.examples import EXAMPLES, example
    from stievents.summary import summary

    if args.example not in EXAMPLES:
        raise _UsageError(f"stievents: unknown example {args.example!r}; examples: {', '.join(EXAMPLES)}")
    event = example(args.example)
    now = _parse_now(args.now)
    out.write(summary(event))
    directory = Path(args.output)
    directory.mkdir(parents=True, exist_ok=True)
    out.write(f"\nConverted to every installed export format in {directory}/:\n")
    out.flush()
    failed = False
    used: set[str] = set()
    for info in api.formats():
        if info.exporter is None:
            continue
        suffix = info.exporter.suffixes[0]
        # the first format with a suffix gets <id><suffix>; later ones <id>.<format><suffix>
        target = directory / (f"{event.id}{suffix}" if suffix not in used else f"{event.id}.{info.name}{suffix}")
        used.add(suffix)
        try:
            context = api.make_export_context(info.exporter, now=now, locale=args.locale)
            with atomic_write(target) as stream:
                info.exporter.write([event], stream, context)
        except StieventsError as exc:
            sys.stderr.write(f"  {info.name}: failed: {exc}\n")
            failed = True
            continue
        out.write(f"  {info.name:<20} {target}  ({target.stat().st_size:,} bytes, {info.distribution})\n")
    return EXIT_INVALID if failed else EXIT_OK


_COMMANDS = {
    "examples": _cmd_examples,
    "schema": _cmd_schema,
    "formats": _cmd_formats,
    "plugins": _cmd_plugins,
    "convert": _cmd_convert,
    "validate": _cmd_validate,
    "demo": _cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    parser = _parser()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        try:
            args = parser.parse_args(argv)
        except _UsageError as exc:
            sys.stderr.write(f"{exc}\n")
            return EXIT_USAGE
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return _run(args)
    except KeyboardInterrupt:
        sys.stderr.write("stievents: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        if debug:
            raise
        import traceback

        last = traceback.format_exc().strip().splitlines()[-1]
        sys.stderr.write(f"stievents: internal error: {last} (run with --debug for the traceback)\n")
        return EXIT_INVALID


def _run(args: argparse.Namespace) -> int:
    from stievents.errors import PluginError, StieventsError, UnknownFormatError, ValidationError

    try:
        return _COMMANDS[args.command](args, sys.stdout)
    except _UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except _Failure:
        return EXIT_INVALID
    except PluginError as exc:
        if args.debug:
            raise
        sys.stderr.write(f"stievents: plugin error: {exc}\n")
        return EXIT_PLUGIN
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
    except OSError as exc:
        if args.debug:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"stievents: cannot write{where}: {exc.strerror or exc}\n")
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
