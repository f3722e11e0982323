"""The preview server: media types and validators from the manifest, 304s, HEAD, and no way out of the folder."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from stievents_site import serve as serve_module
from stievents_site.errors import SiteError
from stievents_site.serve import is_loopback, make_server, serve

FILES = {
    "index.html": (b"<!DOCTYPE html><title>chooser</title>", "text/html; charset=utf-8", "2024-05-01T10:00:00Z"),
    "en/index.html": (b"<!DOCTYPE html><title>en</title>", "text/html; charset=utf-8", None),
    "feeds/all.ics": (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; charset=utf-8", "2024-04-02T08:30:00Z"),
    "en/feeds/all.atom": (b"<feed/>", "application/atom+xml", "2024-04-02T08:30:00Z"),
    "events/e1.jsonld": (b"{}", "application/ld+json", None),
}
MTIME = 1_700_000_000  # 2023-11-14T22:13:20Z


def _manifest(files: dict[str, tuple[bytes, str, str | None]]) -> dict[str, object]:
    return {
        "generator": "stievents-site test",
        "files": {
            name: {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "media_type": media_type,
                "lastmod": lastmod,
                "key": "k",
            }
            for name, (data, media_type, lastmod) in sorted(files.items())
        },
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name, (data, _, _) in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (MTIME, MTIME))
    (root / "secret.txt").write_bytes(b"not in the manifest")
    (tmp_path / "outside.txt").write_bytes(b"outside the site")
    (root / "link.html").symlink_to(tmp_path / "outside.txt")
    listed = dict(FILES)
    listed["link.html"] = (b"outside the site", "text/html; charset=utf-8", None)  # listed, but leads out
    (root / "manifest.json").write_text(json.dumps(_manifest(listed)), encoding="utf-8")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[tuple[str, int]]:
    httpd = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield str(host), int(port)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def request(
    server: tuple[str, int], path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def etag_of(name: str) -> str:
    return '"' + hashlib.sha256(FILES[name][0]).hexdigest()[:32] + '"'


# ------------------------------------------------------------------ 200 and its headers


@pytest.mark.parametrize("name", sorted(FILES))
def test_get_serves_the_file_with_the_manifests_headers(server: tuple[str, int], name: str) -> None:
    status, headers, body = request(server, "/" + name)
    data, media_type, lastmod = FILES[name]
    assert status == 200
    assert body == data
    assert headers["content-type"] == media_type
    assert headers["content-length"] == str(len(data))
    assert headers["etag"] == etag_of(name)
    assert headers["cache-control"] == "no-cache"
    assert headers["x-content-type-options"] == "nosniff"
    expected = dt.datetime.fromisoformat(lastmod) if lastmod else dt.datetime.fromtimestamp(MTIME, dt.UTC)
    assert email.utils.parsedate_to_datetime(headers["last-modified"]) == expected
    assert headers["last-modified"].endswith(" GMT")


def test_head_has_the_headers_and_no_body(server: tuple[str, int]) -> None:
    _get_status, get_headers, _ = request(server, "/feeds/all.ics")
    status, headers, body = request(server, "/feeds/all.ics", "HEAD")
    assert (status, body) == (200, b"")
    for name in ("content-type", "content-length", "etag", "last-modified", "cache-control"):
        assert headers[name] == get_headers[name]


@pytest.mark.parametrize(
    ("path", "name"), [("/", "index.html"), ("/en/", "en/index.html"), ("/en/?x=1", "en/index.html")]
)
def test_folders_serve_their_index(server: tuple[str, int], path: str, name: str) -> None:
    status, headers, body = request(server, path)
    assert (status, body) == (200, FILES[name][0])
    assert headers["etag"] == etag_of(name)


def test_folder_without_slash_redirects(server: tuple[str, int]) -> None:
    status, headers, _ = request(server, "/en")
    assert status == 301
    assert headers["location"] == "/en/"


# ------------------------------------------------------------------ conditional requests


@pytest.mark.parametrize(
    "value",
    [
        "{tag}",
        "W/{tag}",
        '"other", {tag}',
        '"a",W/{tag} , "b"',
        "*",
    ],
)
def test_if_none_match_gives_304(server: tuple[str, int], value: str) -> None:
    tag = etag_of("feeds/all.ics")
    for method in ("GET", "HEAD"):
        status, headers, body = request(server, "/feeds/all.ics", method, {"If-None-Match": value.format(tag=tag)})
        assert (status, body) == (304, b"")
        assert headers["etag"] == tag
        assert headers["cache-control"] == "no-cache"
        assert "last-modified" in headers


@pytest.mark.parametrize("value", ['"other"', 'W/"other"', '"' + "0" * 32 + '"', ""])
def test_if_none_match_other_tag_gives_200(server: tuple[str, int], value: str) -> None:
    status, _, body = request(server, "/feeds/all.ics", headers={"If-None-Match": value})
    assert (status, body) == (200, FILES["feeds/all.ics"][0])


def test_the_etag_a_client_got_revalidates(server: tuple[str, int]) -> None:
    _, headers, _ = request(server, "/en/feeds/all.atom")
    status, _, _ = request(server, "/en/feeds/all.atom", headers={"If-None-Match": headers["etag"]})
    assert status == 304
    status, _, _ = request(server, "/en/feeds/all.atom", headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("Tue, 02 Apr 2024 08:30:00 GMT", 304),  # the lastmod itself
        ("Wed, 03 Apr 2024 00:00:00 GMT", 304),  # later
        ("Tue, 02 Apr 2024 08:29:59 GMT", 200),  # a second before
        ("not a date", 200),
    ],
)
def test_if_modified_since(server: tuple[str, int], since: str, expected: int) -> None:
    status, _, _ = request(server, "/feeds/all.ics", headers={"If-Modified-Since": since})
    assert status == expected


def test_if_modified_since_is_ignored_when_if_none_match_is_sent(server: tuple[str, int]) -> None:
    later = "Wed, 03 Apr 2030 00:00:00 GMT"
    status, _, _ = request(server, "/feeds/all.ics", headers={"If-None-Match": '"other"', "If-Modified-Since": later})
    assert status == 200  # RFC 9110 13.2.2: If-None-Match decides alone


def test_if_modified_since_uses_the_mtime_without_lastmod(server: tuple[str, int]) -> None:
    at = email.utils.format_datetime(dt.datetime.fromtimestamp(MTIME, dt.UTC), usegmt=True)
    before = email.utils.format_datetime(dt.datetime.fromtimestamp(MTIME - 1, dt.UTC), usegmt=True)
    assert request(server, "/events/e1.jsonld", headers={"If-Modified-Since": at})[0] == 304
    assert request(server, "/events/e1.jsonld", headers={"If-Modified-Since": before})[0] == 200


# ------------------------------------------------------------------ what is never served


@pytest.mark.parametrize(
    "path",
    [
        "/secret.txt",  # in the folder, not in the manifest
        "/manifest.json",
        "/link.html",  # in the manifest, but a symlink out of the folder
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/outside.txt",
        "/en/%2e%2e/%2e%2e/outside.txt",
        "/en/..%2f..%2foutside.txt",
        "/en/%2e%2e%2f%2e%2e%2foutside.txt",
        "/..%5coutside.txt",
        "/en\\..\\..\\outside.txt",
        "/%252e%252e/outside.txt",
        "//etc/passwd",
        "/./index.html",
        "/index.html%00",
        "/%ff",
        "/nothing.html",
        "/events/",
    ],
)
def test_nothing_outside_the_manifest_is_served(server: tuple[str, int], path: str) -> None:
    status, headers, body = request(server, path)
    assert status == 404, path
    assert b"outside the site" not in body
    assert b"not in the manifest" not in body
    assert headers["x-content-type-options"] == "nosniff"


def test_error_pages_do_not_echo_markup(server: tuple[str, int]) -> None:
    status, _, body = request(server, "/%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 404
    assert b"<script>" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_are_refused(server: tuple[str, int], method: str) -> None:
    status, _, _ = request(server, "/index.html", method)
    assert status in (405, 501)


def test_a_rebuilt_manifest_is_read_again(site: Path, server: tuple[str, int]) -> None:
    _, first, _ = request(server, "/en/index.html")
    data = b"<!DOCTYPE html><title>en, rebuilt</title>"
    (site / "en/index.html").write_bytes(data)
    changed = dict(FILES)
    changed["en/index.html"] = (data, "text/html; charset=utf-8", "2025-01-01T00:00:00Z")
    (site / "manifest.json").write_text(json.dumps(_manifest(changed)) + " ", encoding="utf-8")
    status, headers, body = request(server, "/en/index.html", headers={"If-None-Match": first["etag"]})
    assert (status, body) == (200, data)
    assert headers["etag"] == '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    assert headers["last-modified"] == "Wed, 01 Jan 2025 00:00:00 GMT"


def test_a_file_changed_after_the_build_gets_the_tag_of_what_is_served(site: Path, server: tuple[str, int]) -> None:
    data = b"edited by hand, longer than before"
    (site / "events/e1.jsonld").write_bytes(data)
    status, headers, body = request(server, "/events/e1.jsonld")
    assert (status, body) == (200, data)
    assert headers["etag"] == '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


# ------------------------------------------------------------------ starting and stopping


def test_a_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match=r"error: no manifest\.json"):
        make_server(tmp_path, "127.0.0.1", 0)


def test_a_damaged_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SiteError, match="manifest"):
        make_server(tmp_path, "127.0.0.1", 0)
    (tmp_path / "manifest.json").write_text('{"files": {"a.html": {}}}', encoding="utf-8")
    with pytest.raises(SiteError, match=r"files\['a\.html'\] has no sha256"):
        make_server(tmp_path, "127.0.0.1", 0)


def test_serve_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(tmp_path, "127.0.0.1", 0) == 1
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err


def test_serve_reports_a_port_in_use(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    busy = make_server(site, "127.0.0.1", 0)
    try:
        assert serve(site, "127.0.0.1", busy.server_address[1]) == 1
    finally:
        busy.server_close()
    assert "error: cannot listen on 127.0.0.1 port" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_non_loopback_host_is_warned_about(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(99, "not binding in a test")

    monkeypatch.setattr(serve_module, "make_server", refuse)  # never really listen on every interface
    assert serve(site, "0.0.0.0", 8000) == 1
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0" in err
    assert serve(site, "127.0.0.1", 8000) == 1
    assert "warning" not in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize("request_first", [True, False])
def test_ctrl_c_stops_cleanly_with_exit_0(site: Path, request_first: bool) -> None:
    source = Path(serve_module.__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])}
    code = "import sys; from stievents_site.serve import serve; sys.exit(serve(sys.argv[1], '127.0.0.1', 0))"
    child = subprocess.Popen([sys.executable, "-c", code, str(site)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        assert "serving" in line, line
        assert "http://127.0.0.1:" in line, line
        port = int(line.rsplit(":", 1)[1].split("/")[0])
        if request_first:
            assert request(("127.0.0.1", port), "/index.html")[0] == 200
        child.send_signal(signal.SIGINT)
        assert child.wait(15) == 0
        rest = child.stderr.read()
        assert "stopped" in rest
        assert "Traceback" not in rest
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "index.html"),
        ("/en/", "en/index.html"),
        ("/en/index.html?x=1#y", "en/index.html"),
        ("/a%20b.html", "a b.html"),
        ("/../x", None),
        ("/%2e%2e/x", None),
        ("/en/%2E%2E%2Fx", None),
        ("/./x", None),
        ("/a\\b", None),
        ("/a%5cb", None),
        ("/a%00", None),
        ("//x", None),
        ("x", None),
        ("/%252e%252e/x", "%2e%2e/x"),  # decoded once: a literal name no manifest lists
    ],
)
def test_request_paths(target: str, expected: str | None) -> None:
    assert serve_module._request_path(target) == expected


def test_a_lastmod_in_the_future_is_sent_as_the_response_date(site: Path) -> None:
    files = dict(FILES)
    files["index.html"] = (FILES["index.html"][0], "text/html; charset=utf-8", "2999-01-01T00:00:00Z")
    (site / "manifest.json").write_text(json.dumps(_manifest(files)), encoding="utf-8")
    httpd = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        address = (str(httpd.server_address[0]), int(httpd.server_address[1]))
        status, headers, _ = request(address, "/index.html")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert status == 200
    sent = email.utils.parsedate_to_datetime(headers["last-modified"])
    assert sent <= email.utils.parsedate_to_datetime(headers["date"])
    assert sent.year < 2999
