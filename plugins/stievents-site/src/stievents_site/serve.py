"""``stievents site serve DIR``: a preview server with the headers a production server should send.

Standard library only. It serves the files the build's ``manifest.json``
lists, and nothing else, with what the manifest says of each: its media type,
an ``ETag`` made from its SHA-256 and a ``Last-Modified`` from its ``lastmod``
(else the file's modification time; never later than the response's
``Date``, as RFC 9110 section 8.8.2.1 requires). A client that already holds the file
gets ``304 Not Modified`` (``If-None-Match``, weak tags and lists and ``*``
included; ``If-Modified-Since`` only when no ``If-None-Match`` was sent, as
RFC 9110 section 13.2.2 orders). ``Cache-Control: no-cache`` makes clients
revalidate every time, which the tags make cheap: the behaviour wanted of a
calendar feed that subscribers poll.

Safety: a path is decoded once and refused when a segment is ``..`` or ``.``
or holds a backslash or NUL; the file must be in the manifest and, with every
symlink resolved, inside DIR. The manifest is read again when it changes, so
a rebuild is served without a restart. It listens on loopback by default;
another address gets a warning, since a preview is not meant to be exposed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.server
import ipaddress
import json
import os
import socket
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Any

from stievents_site import layout
from stievents_site.errors import SiteError

__all__ = ["is_loopback", "make_server", "serve"]

_ETAG_LENGTH = 32
"""Hex digits of the SHA-256 in an ``ETag`` (128 bits: no two versions of a file share one)."""


class _Entry:
    """What the manifest says of one file."""

    __slots__ = ("etag", "lastmod", "media_type", "sha256", "size")

    def __init__(self, sha256: str, size: int | None, media_type: str, lastmod: dt.datetime | None) -> None:
        self.sha256 = sha256
        self.size = size
        self.media_type = media_type
        self.lastmod = lastmod
        self.etag = f'"{sha256[:_ETAG_LENGTH]}"'


def _lastmod(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(dt.UTC) if moment.tzinfo is not None else None


def _read_manifest(path: Path) -> dict[str, _Entry]:
    """The manifest's files; a missing or damaged manifest is a :class:`SiteError` naming it."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise SiteError(
            f"{path.parent}: error: no {layout.MANIFEST} here; serve a folder that 'stievents site build' wrote"
        ) from None
    except (OSError, ValueError) as exc:
        raise SiteError(f"{path}: error: cannot read the manifest: {exc}") from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        raise SiteError(f"{path}: error: the manifest has no 'files' object")
    entries: dict[str, _Entry] = {}
    for name, info in files.items():
        if not isinstance(info, dict) or not isinstance(info.get("sha256"), str) or not info["sha256"]:
            raise SiteError(f"{path}: error: files[{name!r}] has no sha256")
        media_type = info.get("media_type")
        size = info.get("size")
        entries[name] = _Entry(
            sha256=info["sha256"],
            size=size if isinstance(size, int) else None,
            media_type=media_type if isinstance(media_type, str) and media_type else layout.media_type(name),
            lastmod=_lastmod(info.get("lastmod")),
        )
    return entries


class _Site:
    """The served folder and its manifest, read again whenever the manifest file changes."""

    def __init__(self, directory: Path) -> None:
        self.root = directory.resolve()
        if not self.root.is_dir():
            raise SiteError(f"{directory}: error: not a folder")
        self.manifest_path = self.root / layout.MANIFEST
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._entries: dict[str, _Entry] = {}
        self.entries()

    def entries(self) -> dict[str, _Entry]:
        with self._lock:
            try:
                status = self.manifest_path.stat()
                stamp = (status.st_mtime_ns, status.st_size)
            except FileNotFoundError:
                stamp = None
            if stamp is None or stamp != self._stamp:
                self._entries = _read_manifest(self.manifest_path)
                self._stamp = stamp
            return self._entries


def _request_path(target: str) -> str | None:
    """The manifest path a request target asks for, or ``None`` when it must not be served.

    The target is percent-decoded once; ``%2e%2e`` is therefore ``..`` and
    refused, while ``%252e`` stays a literal name that no manifest lists. A
    folder (a path ending with ``/``) means its ``index.html``.
    """
    path = urllib.parse.urlsplit(target).path
    if not path.startswith("/"):
        return None
    decoded = urllib.parse.unquote(path, errors="strict")
    if "\x00" in decoded or "\\" in decoded:
        return None
    segments = decoded.split("/")[1:]
    if any(segment in (".", "..") for segment in segments):
        return None
    if "" in segments[:-1]:
        return None  # "//": no file of a build has an empty segment
    relative = "/".join(segments)
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative


def _inside(root: Path, relative: str) -> Path | None:
    """The file at ``relative``, resolved, when it is a regular file inside ``root``."""
    try:
        real = (root / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def _etag_matches(header: str, etag: str) -> bool:
    """``If-None-Match``: ``*``, or a list of entity tags compared weakly (``W/"x"`` matches ``"x"``)."""
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.removeprefix("W/") == opaque:
            return True
    return False


def _not_modified_since(header: str, modified: dt.datetime) -> bool:
    """``If-Modified-Since``: true when the file has not changed since the date (an unreadable date: false)."""
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return modified.replace(microsecond=0) <= since


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the manifest's files; every other method gets 501 from the base class."""

    server_version = "stievents-site-preview"
    site: _Site  # set on the subclass make_server builds

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        try:
            entries = self.site.entries()
        except SiteError as exc:
            self.send_error(500, "The site's manifest cannot be read", str(exc))
            return
        try:
            relative = _request_path(self.path)
        except UnicodeDecodeError:
            relative = None
        if relative is None:
            self.send_error(404, "Not found")
            return
        entry = entries.get(relative)
        if entry is None and not relative.endswith("index.html") and f"{relative}/index.html" in entries:
            self.send_response(301)
            self.send_header("Location", urllib.parse.quote(f"/{relative}/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        real = _inside(self.site.root, relative) if entry is not None else None
        if entry is None or real is None:
            self.send_error(404, "Not found")
            return
        try:
            data = real.read_bytes()
            mtime = real.stat().st_mtime
        except OSError:
            self.send_error(404, "Not found")
            return
        modified = entry.lastmod or dt.datetime.fromtimestamp(int(mtime), dt.UTC)
        # RFC 9110 8.8.2.1: a modification time in the future is sent as the time of the response
        modified = min(modified.replace(microsecond=0), dt.datetime.now(dt.UTC).replace(microsecond=0))
        etag = entry.etag
        if entry.size is not None and entry.size != len(data):  # changed since the build: tag what is served
            etag = f'"{hashlib.sha256(data).hexdigest()[:_ETAG_LENGTH]}"'
        validators = {
            "ETag": etag,
            "Last-Modified": email.utils.format_datetime(modified.replace(microsecond=0), usegmt=True),
            "Cache-Control": "no-cache",
        }
        matches = self.headers.get("If-None-Match")
        since = self.headers.get("If-Modified-Since")
        if (matches is not None and _etag_matches(matches, etag)) or (
            matches is None and since is not None and _not_modified_since(since, modified)
        ):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", entry.media_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in validators.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"stievents site serve: {self.address_string()} {format % args}\n")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(directory: Path | str, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A server for the site in ``directory`` (not started: call ``serve_forever``); port 0 picks a free one.

    Raises :class:`SiteError` when ``directory`` holds no readable manifest,
    and :class:`OSError` when the address cannot be bound.
    """
    site = _Site(Path(directory))
    handler = type("SiteHandler", (_Handler,), {"site": site})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type(
        "SiteServer", (http.server.ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True}
    )
    server: http.server.ThreadingHTTPServer = server_class((host.strip("[]"), port), handler)
    return server


def serve(directory: Path | str, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve ``directory`` until Ctrl-C (then exit code 0); 1 with an ``error:`` line when it cannot start."""
    if not is_loopback(host):
        sys.stderr.write(
            f"stievents site serve: warning: listening on {host}, reachable from other machines;"
            " the preview server is meant for this machine only (use a production server to publish)\n"
        )
    try:
        server = make_server(directory, host, port)
    except SiteError as exc:
        sys.stderr.write(f"stievents site serve: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"stievents site serve: error: cannot listen on {host} port {port}: {exc.strerror or exc}\n")
        return 1
    try:  # entered before the address is printed: a Ctrl-C from then on stops cleanly
        bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        sys.stderr.write(
            f"stievents site serve: serving {os.fspath(directory)} at http://{shown}:{bound_port}/ (Ctrl-C to stop)\n"
        )
        server.serve_forever()
    except KeyboardInterrupt:
        sys.stderr.write("stievents site serve: stopped\n")
    finally:
        server.server_close()
    return 0
