"""The ``stievents site`` command line: ``build`` and ``serve``.

Errors are one line each, ``WHERE: error: WHAT``, and exit 1 (2 for a
mistake in the command line itself); never a traceback. The summary of a
build goes to stderr, so that stdout stays empty for scripts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

__all__ = ["configure", "run"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def configure(parser: argparse.ArgumentParser) -> None:
    """Add ``build`` and ``serve`` to the parser of ``stievents site``."""
    commands = parser.add_subparsers(dest="site_command", metavar="SUBCOMMAND")
    build = commands.add_parser(
        "build",
        help="build (or update) a static site from files and folders of events",
        description=(
            "Build a static events site into DIR: listings, one page per event and locale, facet pages,"
            " iCalendar, Atom and JSON feeds, sitemaps and manifest.json. Building again rewrites only the"
            " files whose bytes change. --now (default: the current time) decides which events are upcoming"
            " and which are in the feeds' window; it is never written into a file."
        ),
    )
    build.add_argument("inputs", nargs="*", metavar="INPUT", help="event files, or folders of them")
    build.add_argument(
        "--examples",
        action="store_true",
        help="also the built-in examples and the catalogue of real STI policy events shipped with stievents",
    )
    build.add_argument("-o", "--output", required=True, metavar="DIR", help="the site's folder")
    build.add_argument("--base-url", metavar="URL", help="the site's public URL (absolute links, sitemaps, robots.txt)")
    build.add_argument("--now", metavar="TIME", help="the moment the site is built for, e.g. 2026-01-01T00:00:00Z")
    build.add_argument("--locales", metavar="LIST", help="comma-separated locales, e.g. en,fr (default: en,fr)")
    build.add_argument("--title", metavar="TEXT", help="the site's title")
    build.add_argument("--config", metavar="FILE", help="a site.toml with title, base_url, locales, window_days...")
    build.add_argument("--window-days", type=int, metavar="N", help="days back a past event stays in the feeds")
    build.add_argument(
        "--verify", action="store_true", help="re-read every kept file instead of trusting its size and time"
    )
    build.add_argument("--force", action="store_true", help="render every file again (still rewriting only changes)")
    build.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr (default: if a terminal)",
    )
    serve = commands.add_parser(
        "serve",
        help="preview a built site over HTTP (loopback only by default)",
        description="Serve DIR with the media types, ETag and Last-Modified of its manifest, for preview.",
    )
    serve.add_argument("directory", metavar="DIR", help="a folder a site build wrote")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")


def _parse_now(text: str | None) -> dt.datetime | None:
    from stievents_site.errors import SiteError

    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise SiteError(f"--now: error: {exc}") from None
    if value.tzinfo is None:
        raise SiteError("--now: error: give an offset or Z, e.g. 2026-01-01T00:00:00Z")
    return value


def run(args: argparse.Namespace) -> int:
    """Run ``stievents site build`` or ``serve``; return the exit code."""
    from stievents.errors import StieventsError

    command = getattr(args, "site_command", None)
    if command is None:
        sys.stderr.write("stievents site: error: give a subcommand: build or serve\n")
        return EXIT_USAGE
    try:
        if command == "serve":
            return _serve(args)
        return _build(args)
    except StieventsError as exc:
        text = str(exc)
        sys.stderr.write(f"stievents site: {text if 'error:' in text else 'error: ' + text}\n")
        return EXIT_FAILED
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"stievents site: error: cannot write{where}: {exc.strerror or exc}\n")
        return EXIT_FAILED


def _build(args: argparse.Namespace) -> int:
    from stievents_site.build import build_site
    from stievents_site.config import load_config

    overrides = {
        "title": args.title,
        "base_url": args.base_url,
        "locales": args.locales,
        "window_days": args.window_days,
    }
    config = load_config(args.config, overrides)
    now = _parse_now(args.now)
    inputs = list(args.inputs)
    if args.examples:
        inputs += _example_inputs()
    if not inputs:
        sys.stderr.write("stievents site build: error: give INPUT files or folders, or --examples\n")
        return EXIT_USAGE
    report = build_site(
        inputs,
        args.output,
        config=config,
        now=now,
        verify=args.verify,
        force=args.force,
        progress=args.progress,
    )
    stats = report.stats
    sys.stderr.write(
        f"stievents site: {report.events:,} events, {report.files:,} files in {report.directory}:"
        f" {len(stats.written):,} written, {len(stats.removed):,} removed,"
        f" {stats.kept + stats.rendered:,} unchanged\n"
    )
    home = (report.directory / "index.html").resolve()
    sys.stderr.write(f"stievents site: open {home.as_uri()} (or: stievents site serve {report.directory})\n")
    return EXIT_OK


def _example_inputs() -> list[str]:
    """The files of the built-in examples and the catalogue's folder, as installed with stievents."""
    from importlib import resources

    from stievents.examples import catalogue_dir, example_names

    data = resources.files("stievents").joinpath("data")
    return [str(data.joinpath(f"{name}.json")) for name in example_names()] + [str(catalogue_dir())]


def _serve(args: argparse.Namespace) -> int:
    from stievents_site.serve import serve

    result: int = serve(args.directory, host=args.host, port=args.port)
    return result
