"""The web-server rules of :mod:`api.webserver`, run in a real nginx and a real Apache.

A config that only looks right is worth little: a wrong regex or a header set in the wrong
location shows only when a server runs it. So each server is started on a free port of
127.0.0.1 with all its files in a temporary folder, over a small hand-made site in the
layout ``styrgraf publish`` writes, and every rule is checked by HTTP: status, type,
``Vary``, ``Content-Location``, CORS and the bytes of the file sent.

Debian's ``nginx-light`` (``/usr/sbin/nginx``) and ``apache2`` (``/usr/sbin/apache2``) are
used. Without them these tests are skipped locally and fail under CI=true, which must not
skip (.ci/run must install both packages).
"""

from __future__ import annotations

import contextlib
import grp
import gzip
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.webserver import apache_htaccess, nginx_config

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
#: Set to False if .ci/run does not install apache2: CI then skips the Apache half.
APACHE_REQUIRED_IN_CI = True

FORMATS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
RDF_ACCEPT = {media: ext for ext, media in FORMATS.items() if ext != "html"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

#: IRIs (path part) with every format, and where their files are.
#: The pages of the navigation, HTML only (api.site_views), by path.
PAGES = {
    "/assignments": "assignments.html",
    "/queries": "queries.html",
    "/queries/assignments_by_body": "queries/assignments_by_body.html",
}
ENTITIES = {
    "/id/goteborg/2025/ks/uppdrag/2023-01063": "id/goteborg/2025/ks/uppdrag/2023-01063",
    "/id/goteborg/mal/2023-2026": "id/goteborg/mal/2023-2026",  # also a folder: the prefix
    "/id/goteborg/mal/2023-2026/4": "id/goteborg/mal/2023-2026/4",
    "/id/goteborg/dokument/v1.2": "id/goteborg/dokument/v1.2",  # a dot, not an extension
    "/ontology": "ontology",
    "/kod/": "kod/index",
    "/kod/status": "kod/status",
    "/kod/status/aktiv": "kod/status/aktiv",
    "/graph/kf-2024": "graph/kf-2024",
}
DUMP = b"<https://w3id.org/styrgraf/id/x> <https://w3id.org/styrgraf/ontology#p> 1 .\n"


def require(ready: bool, reason: str, in_ci: bool = True) -> None:
    """Skip when ``ready`` is false, except under CI (when ``in_ci``), which must not skip."""
    if not ready:
        if in_ci and os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI must not skip the web-server tests")
        pytest.skip(reason)


def body(name: str) -> bytes:
    """Return distinct bytes for each file, so a test knows which file it was sent."""
    return f"file {name} ({len(name)})\n".encode()


def build_site(root: Path) -> None:
    """Write a small site in the layout of ``styrgraf publish`` (see :mod:`api.publish`)."""
    files: dict[str, bytes] = {"index.html": body("index.html")}
    # the pages people come for, and a named query's page in a folder of the same name
    for page in PAGES.values():
        files[page] = body(page)
    for stem in ENTITIES.values():
        for ext in FORMATS:
            files[f"{stem}.{ext}"] = body(f"{stem}.{ext}")
    files |= {
        "context.jsonld": body("context.jsonld"),
        "data/styrgraf.nt.gz": gzip.compress(DUMP, mtime=0),
        "data/styrgraf.ttl.gz": gzip.compress(b"# turtle\n" + DUMP, mtime=0),
        "data/styrgraf.trig": body("data/styrgraf.trig"),
        "data/SHA256SUMS": body("data/SHA256SUMS"),
        "data/manifest.json": b'{"build_time": "2025-01-01T00:00:00+00:00"}\n',
        "data/void.ttl": body("data/void.ttl"),
        "data/catalog.rdf": body("data/catalog.rdf"),
        "data/assignments.csv": body("data/assignments.csv"),
        "data/calendar.ics": body("data/calendar.ics"),
        ".well-known/void": body(".well-known/void"),
        "static/site.css": b"body { margin: 0 }\n",
        "nginx.conf": nginx_config().encode(),
        ".htaccess": apache_htaccess().encode(),
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def free_port() -> int:
    """Return a port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running web server over a copy of the test site."""

    name: str
    url: str
    site: Path

    def client(self, accept: str | None) -> httpx.Client:
        """Return a client sending ``Accept: accept``, or no Accept header for None."""
        client = httpx.Client(base_url=self.url, timeout=10)
        client.headers.pop("accept", None)
        if accept is not None:
            client.headers["accept"] = accept
        return client

    def get(self, path: str, accept: str | None = "*/*") -> httpx.Response:
        """GET ``path`` with the given Accept header."""
        with self.client(accept) as client:
            return client.get(path)


def start(name: str, command: list[str], url: str, log: Path) -> subprocess.Popen[bytes]:
    """Start a server and wait until it answers; fail with its error log if it does not."""
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            errors = log.read_text() if log.exists() else ""
            pytest.fail(f"{name} exited with {process.returncode}:\n{output}\n{errors}")
        try:
            httpx.get(url + "/", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.05)
    stop(process)
    pytest.fail(f"{name} did not answer on {url} within 15 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started here (its master process ends its workers)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if process.stdout:
        process.stdout.close()


def nginx_conf(prefix: Path, snippet: str) -> str:
    """Return a complete nginx.conf around ``snippet``, with every file under ``prefix``."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\n"
        "events {\n    worker_connections 64;\n}\n"
        f"http {{\n    access_log {prefix}/access.log;\n{temp}\n\n{snippet}}}\n"
    )


def apache_conf(prefix: Path, site: Path, port: int) -> str:
    """Return an httpd.conf close to Debian's default site, with its files under ``prefix``.

    Debian's module settings (mime.conf, deflate.conf, negotiation.conf) are included so
    the .htaccess meets what a Debian Apache really has (``.gz`` as ``application/x-gzip``,
    compression of text types).
    """
    modules = ["mpm_event", "authz_core", "authz_host", "mime", "dir", "filter", "deflate",
               "negotiation", "rewrite", "headers"]  # fmt: skip
    lines = [
        f'ServerRoot "{prefix}"',
        "ServerName 127.0.0.1",
        f"Listen 127.0.0.1:{port}",
        f'PidFile "{prefix}/apache2.pid"',
        f'DefaultRuntimeDir "{prefix}"',
        f'ErrorLog "{prefix}/error.log"',
        "LogLevel warn",
        *(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules),
        *(
            f"Include /etc/apache2/mods-available/{m}.conf"
            for m in ("mime", "dir", "deflate", "negotiation")
        ),
    ]
    if os.geteuid() == 0:  # Apache will not serve as root: its workers take this user
        user = pwd.getpwnam("www-data") if _has_user("www-data") else pwd.getpwnam("nobody")
        lines += [f"User {user.pw_name}", f"Group {grp.getgrgid(user.pw_gid).gr_name}"]
    lines += [
        f'DocumentRoot "{site}"',
        "AccessFileName .htaccess",
        "<Directory />\n    AllowOverride None\n    Require all denied\n</Directory>",
        f'<Directory "{site}">\n    Options Indexes FollowSymLinks\n'
        "    AllowOverride FileInfo Indexes\n    Require all granted\n</Directory>",
        '<FilesMatch "^\\.ht">\n    Require all denied\n</FilesMatch>',
    ]
    return "\n".join(lines) + "\n"


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@contextlib.contextmanager
def running_nginx(site: Path, prefix: Path) -> Iterator[Server]:
    """Run a real nginx over ``site`` with :func:`nginx_config`, its files under ``prefix``."""
    require(NGINX.exists(), f"{NGINX} is missing (apt-get install -y nginx-light)")
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, nginx_config(site, f"127.0.0.1:{port}")))
    base = [str(NGINX), "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]
    check = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr
    url = f"http://127.0.0.1:{port}"
    process = start("nginx", [*base, "-g", "daemon off;"], url, prefix / "error.log")
    try:
        yield Server("nginx", url, site)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real nginx serving the test site."""
    prefix = tmp_path_factory.mktemp("nginx")
    site = prefix / "site"
    build_site(site)
    with running_nginx(site, prefix) as server:
        yield server


@pytest.fixture(scope="module")
def apache() -> Iterator[Server]:
    """A real Apache serving the test site with :func:`apache_htaccess` as its .htaccess.

    The folder is made with :func:`tempfile.mkdtemp` and opened to all: run as root, Apache
    serves as another user, who cannot enter pytest's private temporary folders.
    """
    require(APACHE.exists(), f"{APACHE} is missing (apt-get install -y apache2)",
            in_ci=APACHE_REQUIRED_IN_CI)  # fmt: skip
    prefix = Path(tempfile.mkdtemp(prefix="styrgraf-apache-"))
    try:
        prefix.chmod(0o755)
        site = prefix / "site"
        build_site(site)
        port = free_port()
        conf = prefix / "httpd.conf"
        conf.write_text(apache_conf(prefix, site, port))
        base = [str(APACHE), "-d", str(prefix), "-f", str(conf)]
        check = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
        assert check.stderr.strip() == "Syntax OK", check.stderr
        url = f"http://127.0.0.1:{port}"
        process = start("apache2", [*base, "-DFOREGROUND"], url, prefix / "error.log")
        try:
            yield Server("apache", url, site)
        finally:
            stop(process)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(params=["nginx", "apache"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each real server in turn."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def vary(response: httpx.Response) -> set[str]:
    """Return the Vary header's field names, lower-cased, over all its lines."""
    return {
        name.strip().lower()
        for line in response.headers.get_list("vary")
        for name in line.split(",")
        if name.strip()
    }


def assert_negotiated(server: Server, response: httpx.Response, file: str) -> None:
    """Check a negotiated answer: 200, the file's bytes and type, Vary, Content-Location."""
    ext = file.rsplit(".", 1)[1]
    assert response.status_code == 200, (server.name, response.url, response.text)
    assert response.content == (server.site / file).read_bytes(), (server.name, response.url)
    assert response.headers["content-type"].split(";")[0] == FORMATS[ext]
    if ext in ("html", "ttl"):
        assert response.headers["content-type"].replace(" ", "").lower().endswith("charset=utf-8")
    assert "accept" in vary(response), (server.name, response.url, response.headers)
    assert response.headers.get("content-location") == "/" + file, (server.name, response.url)
    cors = response.headers.get("access-control-allow-origin")
    assert cors == (None if ext == "html" else "*"), (server.name, response.url)


# --- the configurations as text ------------------------------------------------------------
def test_configs_are_deterministic_and_readable() -> None:
    assert nginx_config() == nginx_config()
    assert apache_htaccess() == apache_htaccess()
    for text in (nginx_config(), apache_htaccess()):
        assert text.endswith("\n") and "\t" not in text
        assert all(line == line.rstrip() for line in text.splitlines())
    assert "root /var/www/styrgraf;" in nginx_config()
    assert "listen 80;" in nginx_config()


def test_nginx_config_takes_root_and_listen(tmp_path: Path) -> None:
    text = nginx_config(tmp_path, 8080)
    assert f"root {tmp_path};" in text and "listen 8080;" in text
    assert "listen 127.0.0.1:8081;" in nginx_config(listen="127.0.0.1:8081")
    assert "listen [::1]:8082;" in nginx_config(listen="[::1]:8082")


@pytest.mark.parametrize(
    ("root", "listen"),
    [("relative/site", None), ("/srv/my site", None), ("/srv/a;b", None), ("/srv/$x", None),
     (None, 0), (None, 70000), (None, "8080; evil"), (None, True)],
)  # fmt: skip
def test_nginx_config_refuses_what_would_break_it(
    root: str | None, listen: int | str | None
) -> None:
    with pytest.raises(ValueError):
        nginx_config(root, listen)


# --- the rules in real servers --------------------------------------------------------------
@pytest.mark.parametrize("iri", list(ENTITIES))
@pytest.mark.parametrize("accept", [*RDF_ACCEPT, "text/html"])
def test_each_format_is_negotiated(server: Server, iri: str, accept: str) -> None:
    ext = "html" if accept == "text/html" else RDF_ACCEPT[accept]
    assert_negotiated(server, server.get(iri, accept), f"{ENTITIES[iri]}.{ext}")


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        (BROWSER, "html"),  # a browser: application/xml is not RDF/XML
        (None, "html"),
        ("*/*", "html"),
        ("image/png", "html"),  # not offered: HTML, not 406 (documented)
        ("application/xml", "html"),
        ("application/*", "html"),  # wildcards are not expanded (documented)
        ("text/turtle;q=0.9, application/rdf+xml;q=0.1", "ttl"),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', "jsonld"),
        ("TEXT/Turtle", "ttl"),
        ("text/turtle, text/html;q=0.1", "html"),  # HTML wins when listed (documented)
        ("application/ld+json, text/turtle;q=0.5", "ttl"),  # fixed order (documented)
        ("application/n-triples, application/rdf+xml", "nt"),
    ],
)
def test_accept_headers(server: Server, accept: str | None, ext: str) -> None:
    iri = "/id/goteborg/mal/2023-2026/4"
    assert_negotiated(server, server.get(iri, accept), f"{ENTITIES[iri]}.{ext}")


@pytest.mark.parametrize("accept", ["text/turtle", BROWSER, None])
def test_home_page_is_html_for_everyone(server: Server, accept: str | None) -> None:
    assert_negotiated(server, server.get("/", accept), "index.html")


@pytest.mark.parametrize("path", sorted(PAGES))
@pytest.mark.parametrize("accept", ["text/turtle", BROWSER])
def test_pages_without_rdf_are_html_for_everyone(server: Server, path: str, accept: str) -> None:
    # /queries is a page and a folder (/queries/<name>): each answers its own file
    assert_negotiated(server, server.get(path, accept), PAGES[path])


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/id/goteborg/mal/2023-2026/4.ttl", "text/turtle"),
        ("/id/goteborg/mal/2023-2026/4.html", "text/html"),
        ("/id/goteborg/mal/2023-2026.jsonld", "application/ld+json"),
        ("/id/goteborg/dokument/v1.2.nt", "application/n-triples"),
        ("/ontology.rdf", "application/rdf+xml"),
        ("/kod/index.ttl", "text/turtle"),
        ("/context.jsonld", "application/ld+json"),
        ("/index.html", "text/html"),
        ("/data/styrgraf.trig", "application/trig"),
        ("/data/SHA256SUMS", "text/plain"),
        ("/data/manifest.json", "application/json"),
        ("/data/void.ttl", "text/turtle"),
        ("/data/catalog.rdf", "application/rdf+xml"),
        ("/.well-known/void", "text/turtle"),
        ("/static/site.css", "text/css"),
        ("/data/assignments.csv", "text/csv"),
        ("/data/calendar.ics", "text/calendar"),
    ],
)
def test_files_are_served_as_they_are(server: Server, path: str, media: str) -> None:
    # A browser's Accept must not turn /x.ttl into HTML.
    response = server.get(path, BROWSER)
    assert response.status_code == 200, (server.name, path)
    assert response.content == (server.site / path.lstrip("/")).read_bytes()
    assert response.headers["content-type"].split(";")[0].strip() == media, (server.name, path)
    if media in ("text/html", "text/turtle", "text/plain", "text/csv", "text/calendar"):
        assert "charset=utf-8" in response.headers["content-type"].replace(" ", "").lower()
    assert "accept" not in vary(response)
    assert "content-location" not in response.headers
    cors = response.headers.get("access-control-allow-origin")
    assert cors == (None if media == "text/html" else "*"), (server.name, path)


@pytest.mark.parametrize("name", ["styrgraf.nt.gz", "styrgraf.ttl.gz"])
def test_dumps_are_gzip_downloads(server: Server, name: str) -> None:
    with server.client("*/*") as client:
        response = client.get(f"/data/{name}", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip", server.name
    assert "content-encoding" not in response.headers, server.name
    assert response.content == (server.site / "data" / name).read_bytes()
    assert gzip.decompress(response.content).endswith(DUMP)
    assert response.headers.get("access-control-allow-origin") == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/id/goteborg/mal/nope",
        "/id/goteborg/mal/2023-2026/",  # a folder, with no index
        "/id/goteborg/mal",  # a folder without the slash
        "/id/",
        "/data/",
        "/ontology/",
        "/ontology.xml",
        "/id/goteborg/mal/2023-2026/4.ttl.ttl",
        "/id/goteborg/mal/2023-2026/4/",
        "/nginx.conf",
        "/kod",  # the folder of /kod/, without the slash
        "/ontology/x",  # Apache: "ontology" + path info, which must not find ontology.ttl
        "/index.html/x",
        "/id/goteborg/mal/2023-2026/4.ttl/x",
    ],
)
@pytest.mark.parametrize("accept", ["text/turtle", BROWSER])
def test_unknown_paths_are_404(server: Server, path: str, accept: str) -> None:
    assert server.get(path, accept).status_code == 404, (server.name, path)


def test_htaccess_is_not_served(server: Server) -> None:
    # nginx answers 404; Apache's own rule for .ht* files answers 403 before any .htaccess.
    assert server.get("/.htaccess").status_code == (404 if server.name == "nginx" else 403)


def test_head_and_conditional_requests_keep_the_headers(server: Server) -> None:
    with server.client("text/turtle") as client:
        head = client.head("/id/goteborg/mal/2023-2026/4")
        assert head.status_code == 200
        assert head.headers["content-location"] == "/id/goteborg/mal/2023-2026/4.ttl"
        assert "accept" in vary(head)
        tag = client.get("/id/goteborg/mal/2023-2026/4").headers["etag"]
        again = client.get("/id/goteborg/mal/2023-2026/4", headers={"if-none-match": tag})
    assert again.status_code == 304
    assert "accept" in vary(again)
