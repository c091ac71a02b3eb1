"""Web-server rules that make the static site from ``styrgraf publish`` answer as linked data.

A linked-data IRI such as ``https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4`` must
answer with HTML to a browser and with RDF to an RDF client, but a static folder has one
file per format (``id/goteborg/mal/2023-2026/4.html``, ``.ttl``, ``.jsonld``, ``.nt``,
``.rdf``). The rules written here pick the file by the ``Accept`` header, so any plain
nginx or Apache can host the site without running styrgraf. ``styrgraf publish`` writes both
beside the site (``nginx.conf`` and ``.htaccess``); the functions return the same text
every time, so publishing again gives identical files.

What the rules do, the same in both servers:

* An extensionless path ``P`` (``/id/…``, ``/ontology``, ``/kod/x/y``, ``/graph/g``) is
  answered 200 from ``P.<ext>``; a path ending in ``/`` (``/``, ``/kod/``) from
  ``P/index.<ext>``. The IRI answers itself (no 303 redirect), with ``Vary: Accept`` and a
  ``Content-Location`` naming the file sent, so caches and clients can tell the variants
  apart. When ``P.<ext>`` is missing but ``P.html`` exists, the HTML is sent (this is how
  ``/`` answers an RDF client: the home page is HTML only).
* ``Accept`` picks the extension by fixed priority, not by q-values: ``text/html`` or
  ``application/xhtml+xml`` anywhere in the header gives HTML (so every browser gets pages,
  even though browsers also send ``application/xml`` and ``*/*``); otherwise
  ``text/turtle`` gives ``.ttl``, then ``application/ld+json`` ``.jsonld``, then
  ``application/n-triples`` ``.nt``, then ``application/rdf+xml`` ``.rdf``; anything else,
  or no header at all, gives HTML.
* A file asked for by its own name (``/id/x/4.ttl``, ``/data/styrgraf.nt.gz``,
  ``/context.jsonld``) is sent as it is, typed by its extension. ``.gz`` dumps are
  ``application/gzip`` downloads, never ``Content-Encoding: gzip``; ``data/SHA256SUMS`` is
  ``text/plain`` and ``/.well-known/void`` is Turtle.
* Every answer except an HTML page carries ``Access-Control-Allow-Origin: *``: the data is
  public and is read by browser applications on other sites.
* Anything else is 404, including folders (``/data/``) and the server files themselves
  (``/nginx.conf``; Apache already refuses ``/.htaccess``, with 403).

What the rules cannot do, in both servers (the styrgraf application itself can, see
:mod:`api.conneg`):

* q-values are not weighed. ``Accept: text/turtle, text/html;q=0.1`` gets HTML, because
  HTML wins whenever it is listed, and ``text/html;q=0`` does not exclude HTML. Between
  RDF types the order above holds: ``application/ld+json, text/turtle;q=0.5`` gets Turtle.
* Wildcards such as ``application/*`` or ``text/*`` are not expanded; they get HTML.
* There is no 406 Not Acceptable: a client asking only for a type that is not offered
  (``Accept: image/png``) gets the HTML page, as a static site's fallback, where the
  application answers 406. Clients that name an RDF type get it, which is what matters.
* ``Content-Location`` is the path as the server decoded it, not percent-encoded again;
  styrgraf's paths are ASCII slugs, so this shows only for hand-made files.

Deployment, nginx (:func:`nginx_config`): the text is one file for
``/etc/nginx/conf.d/styrgraf.conf`` (Debian's ``nginx.conf`` includes ``conf.d/*.conf``
inside its ``http {}`` block; elsewhere, ``include`` it inside ``http {}``). It holds two
``map`` blocks, which nginx allows only at ``http`` level, and one ``server {}`` block.
Set ``root`` to the published folder, ``server_name`` to the host, and add TLS
(``listen 443 ssl`` with certificates) as for any other site; then ``nginx -t`` and
``systemctl reload nginx``. The site must be at the root of its host name (the public
base ``https://w3id.org/styrgraf/`` redirects there); under a sub-path, the exact
``location = /…`` paths would have to be edited to carry it.

Deployment, Apache (:func:`apache_htaccess`): the ``.htaccess`` goes in the site's root
folder (``styrgraf publish`` puts it there). It needs ``mod_rewrite``, ``mod_headers``,
``mod_mime`` and ``mod_dir`` (on Debian ``a2enmod rewrite headers``; the others are on by
default) and, for the folder, ``AllowOverride FileInfo Indexes``: ``FileInfo`` for the
rewrite, header and type rules, ``Indexes`` for ``DirectorySlash Off``. That one is needed
because an entity's IRI can also be a folder (``/id/goteborg/mal/2023-2026`` beside
``/id/goteborg/mal/2023-2026/4``), and Apache would otherwise redirect it to the folder
with a slash before any rule runs. The folder must also have ``MultiViews`` off and
``FollowSymLinks`` (or ``SymLinksIfOwnerMatch``) on, as in Debian's default site:
``MultiViews`` would negotiate before these rules do, and per-folder rewriting needs one
of the other two. They are not set in the ``.htaccess`` because that would need
``AllowOverride Options=…`` as well. The rules are not wrapped in ``<IfModule>``: a missing
module gives a 500 error and a clear line in the error log instead of a site that silently
answers HTML to every RDF client. When the site is reached through an ``Alias`` rather
than as a ``DocumentRoot`` folder, add ``RewriteBase /the-url-path/``. Apache itself
answers ``/.htaccess`` with 403, not 404, before any rule here runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from .formats import (
    CSV,
    GZIP,
    HTML,
    ICALENDAR,
    PAGE_FORMATS,
    PLAIN_TEXT,
    SITE_FILES,
    TURTLE,
    Format,
)

#: The published folder the nginx ``root`` points to unless told otherwise.
DEFAULT_ROOT = "/var/www/styrgraf"

#: The port nginx listens on unless told otherwise (plain HTTP; add TLS as usual).
DEFAULT_LISTEN = 80

#: The files sent with ``charset=utf-8`` (text/html gets it from nginx unlisted).
CHARSET_FILES = (HTML, TURTLE, CSV, ICALENDAR, PLAIN_TEXT)

#: Characters that would end or change an nginx directive if they were in ``root``.
_UNSAFE_ROOT = re.compile(r'[\s"\'$;{}\\#]')

#: What ``listen`` may be when given as text: a port, ``address:port`` or ``[ipv6]:port``.
_LISTEN = re.compile(r"^(?:\d{1,5}|[A-Za-z0-9.-]+:\d{1,5}|\[[0-9A-Fa-f:.]+\]:\d{1,5})$")

_NGINX_HTTP = """\
# styrgraf: content negotiation for the static linked-data site written by `styrgraf publish`.
#
# Everything in this file belongs inside nginx's http {} block: on Debian, save it as
# /etc/nginx/conf.d/styrgraf.conf (nginx.conf includes conf.d/*.conf there), edit `root`
# and `server_name` below, add TLS as for any site, then run `nginx -t` and reload nginx.
#
# An IRI without a file extension, such as /id/goteborg/mal/2023-2026/4, is answered from
# the file id/goteborg/mal/2023-2026/4.<ext>, picked by the request's Accept header; an IRI
# ending in "/" (the home page, /kod/) from index.<ext> in that folder. A file asked for by
# its own name (/id/x/4.ttl, /data/styrgraf.nt.gz) is sent as it is.

# The file extension the Accept header asks for. The patterns are tried from the top and
# the first that occurs anywhere in the header wins; q-values are not weighed. HTML comes
# first so that browsers, which also send application/xml and */*, always get pages.
# Anything else, or no Accept header, gets HTML too (there is no 406 answer).
map $http_accept $styrgraf_ext {
{negotiated}}

# Linked data is read by browser applications on other sites: every answer but an HTML
# page may be read from anywhere. ($uri is the file actually sent; "" sends no header.)
map $uri $styrgraf_cors {
    default         "*";
    "~\\.html$"      "";
}
"""

_NGINX_SERVER = """\
server {{
    listen {listen};
    server_name _;  # your host name, e.g. data.kommun.se
    root {root};

    # Only the types the site has; .gz dumps are downloads, never Content-Encoding: gzip.
    types {{
{types}    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {charset_types};  # text/html gets the charset without being listed

    # A file asked for by its own name is sent as it is; anything else is an IRI to
    # negotiate. (try_files "$uri" matches files only, so /id/x/2023-2026, which is both a
    # folder and an IRI, is negotiated.)
    location / {{
        add_header Access-Control-Allow-Origin $styrgraf_cors;
        try_files $uri @styrgraf_negotiate;
    }}

    # /id/x/4 -> /id/x/4.<ext>, or /id/x/4.html when that format is missing. After
    # try_files, $uri names the file found, which is what Content-Location must say.
    location @styrgraf_negotiate {{
        add_header Vary Accept;
        add_header Content-Location $uri;
        add_header Access-Control-Allow-Origin $styrgraf_cors;
        try_files $uri.$styrgraf_ext $uri.html =404;
    }}

    # An IRI ending in "/" (/, /kod/) -> index.<ext> in that folder, else index.html;
    # folders without one (/data/, /id/) are 404: there are no listings.
    location ~ /$ {{
        add_header Vary Accept;
        add_header Content-Location $uri;
        add_header Access-Control-Allow-Origin $styrgraf_cors;
        try_files ${{uri}}index.$styrgraf_ext ${{uri}}index.html =404;
    }}

    # The dumps are gzip files to download: never compress them again on the way.
    location ~ \\.gz$ {{
        gzip off;
        add_header Access-Control-Allow-Origin "*";
        try_files $uri @styrgraf_negotiate;
    }}

    # Files without an extension.
    location = /data/SHA256SUMS {{
        default_type text/plain;
        add_header Access-Control-Allow-Origin "*";
    }}
    location = /.well-known/void {{
        default_type text/turtle;
        add_header Access-Control-Allow-Origin "*";
    }}

    # The server configurations that `styrgraf publish` writes beside the site.
    location = /nginx.conf {{
        return 404;
    }}
    location = /.htaccess {{
        return 404;
    }}
}}
"""

_HTACCESS = """\
# styrgraf: content negotiation for the static linked-data site written by `styrgraf publish`.
#
# Keep this file in the site's root folder. It needs mod_rewrite, mod_headers, mod_mime and
# mod_dir (Debian: `a2enmod rewrite headers`) and, for the folder,
# `AllowOverride FileInfo Indexes`, with `Options -MultiViews +FollowSymLinks` (Debian's
# default). If the site is reached through an Alias, add `RewriteBase /the-url-path/` after
# `RewriteEngine On`. A missing module gives a 500 error with the reason in the error log.
#
# An IRI without a file extension, such as /id/goteborg/mal/2023-2026/4, is answered from
# the file id/goteborg/mal/2023-2026/4.<ext>, picked by the request's Accept header; an IRI
# ending in "/" (the home page, /kod/) from index.<ext> in that folder. A file asked for by
# its own name (/id/x/4.ttl, /data/styrgraf.nt.gz) is sent as it is.

# --- Types (mod_mime) ------------------------------------------------------------------
{types}# The dumps are gzip files to download, not Turtle sent with Content-Encoding: gzip.
RemoveEncoding {gz}
AddType {gzip} {gz}
<Files "SHA256SUMS">
    ForceType "text/plain; charset=utf-8"
</Files>
<Files "void">
    ForceType "text/turtle; charset=utf-8"
</Files>

# --- Negotiation (mod_rewrite) ---------------------------------------------------------
# An IRI can also be a folder (/id/x/2023-2026 beside /id/x/2023-2026/4): no redirect to
# the folder with a slash, and the rules below apply to it too.
DirectorySlash Off
RewriteEngine On
RewriteOptions AllowNoSlash

# The file extension the Accept header asks for, in STYRGRAF_EXT. Each rule below
# overrides the ones above it, so the last pattern found anywhere in the header wins:
# HTML (browsers also send application/xml and */*), then Turtle, JSON-LD, N-Triples and
# RDF/XML. q-values are not weighed; anything else, or no Accept header, gets HTML.
RewriteRule ^ - [E=STYRGRAF_EXT:{default}]
{negotiated}
# The server configuration that `styrgraf publish` writes beside the site is not served.
RewriteRule ^nginx\\.conf$ - [R=404,L]

# A file asked for by its own name is sent as it is.
RewriteCond %{REQUEST_FILENAME} -f
RewriteRule ^ - [END]

# An IRI ending in "/" (/, /kod/) -> index.<ext> in that folder, else index.html.
RewriteCond %{REQUEST_FILENAME}/index.%{ENV:STYRGRAF_EXT} -f
RewriteRule ^(.*/)?$ $1index.%{ENV:STYRGRAF_EXT} [END,E=STYRGRAF_NEGOTIATED:1]
RewriteCond %{REQUEST_FILENAME}/index.html -f
RewriteRule ^(.*/)?$ $1index.html [END,E=STYRGRAF_NEGOTIATED:1]

# /id/x/4 -> /id/x/4.<ext>, or /id/x/4.html when that format is missing.
RewriteCond %{REQUEST_FILENAME}.%{ENV:STYRGRAF_EXT} -f
RewriteRule ^(.*[^/])$ $1.%{ENV:STYRGRAF_EXT} [END,E=STYRGRAF_NEGOTIATED:1]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.*[^/])$ $1.html [END,E=STYRGRAF_NEGOTIATED:1]

# Anything else, folders included (/data/, /id/), is 404: there are no listings.
RewriteRule ^ - [R=404,L]

# --- Headers (mod_headers) -------------------------------------------------------------
# A negotiated answer is served from the rewritten request, where mod_rewrite's variables
# carry the prefix REDIRECT_ and REQUEST_URI names the file sent.
Header merge Vary Accept env=REDIRECT_STYRGRAF_NEGOTIATED
Header set Content-Location "expr=%{REQUEST_URI}" env=REDIRECT_STYRGRAF_NEGOTIATED
# Linked data is read by browser applications on other sites: every answer but an HTML
# page may be read from anywhere.
Header set Access-Control-Allow-Origin "*" "expr=%{REQUEST_FILENAME} !~ /\\.html$/"
"""


def _ext(fmt: Format) -> str:
    return fmt.extension.removeprefix(".")


def _accept_pattern(fmt: Format) -> str:
    """Return the regex that finds ``fmt`` in an Accept header (any HTML type for HTML)."""
    media = (fmt.media_type, *(fmt.media_aliases if fmt is HTML else ()))
    return "|".join(m.replace(".", "\\.").replace("+", "\\+") for m in media)


def _fill(text: str, **values: str) -> str:
    """Put ``values`` in for ``{name}`` in a text that keeps its other braces."""
    for name, value in values.items():
        assert "{" + name + "}" in text, name
        text = text.replace("{" + name + "}", value)
    return text


def _nginx_http() -> str:
    """Return the two ``map`` blocks: the Accept header's format, HTML first, as the site's
    pages are written in (:data:`~api.formats.PAGE_FORMATS`)."""
    lines = [("default", _ext(HTML))]
    lines += [(f'"~*{_accept_pattern(fmt)}"', _ext(fmt)) for fmt in PAGE_FORMATS]
    negotiated = "".join(f"    {key.ljust(39)} {ext};\n" for key, ext in lines)
    return _fill(_NGINX_HTTP, negotiated=negotiated)


def _nginx_root(root: Path | str | None) -> str:
    """Return ``root`` as nginx text, refusing what would break or change the directive."""
    text = DEFAULT_ROOT if root is None else str(root)
    if not text.startswith("/") or _UNSAFE_ROOT.search(text):
        raise ValueError(
            f"nginx root must be an absolute path without spaces, quotes, '$', ';', "
            f"braces, '#' or backslashes: {text!r}"
        )
    return text


def _nginx_listen(listen: int | str | None) -> str:
    """Return ``listen`` as nginx text: a port, or ``address:port`` to bind one address."""
    if listen is None:
        return str(DEFAULT_LISTEN)
    if isinstance(listen, bool) or not isinstance(listen, int | str):
        raise ValueError(f"listen must be a port number or 'address:port': {listen!r}")
    text = str(listen)
    port = text.rsplit(":", 1)[-1]
    if not _LISTEN.match(text) or not 0 < int(port) < 65536:
        raise ValueError(f"listen must be a port number or 'address:port': {listen!r}")
    return text


def nginx_config(root: Path | str | None = None, listen: int | str | None = None) -> str:
    """Return the nginx rules for the published site: two ``map`` blocks and a ``server``.

    Everything returned goes inside ``http {}`` (Debian: ``/etc/nginx/conf.d/``), because
    ``map`` is allowed only there; see the module docstring for the deployment.

    Args:
        root: The published folder (default ``/var/www/styrgraf``); an absolute path.
        listen: A port (default 80), or ``"127.0.0.1:8080"`` to bind one address.

    Raises:
        ValueError: ``root`` or ``listen`` would not make a valid, unambiguous directive.

    ``Content-Location`` uses ``$uri``, which nginx rewrites to the file ``try_files``
    found. The negotiation needs only modules every nginx build has (map, headers,
    charset, try_files), so Debian's smallest package, ``nginx-light``, is enough.
    """
    types = "".join(f"        {f.media_type.ljust(23)} {_ext(f)};\n" for f in (*SITE_FILES, GZIP))
    charset_types = " ".join(f.media_type for f in CHARSET_FILES if f is not HTML)
    server = _NGINX_SERVER.format(
        root=_nginx_root(root),
        listen=_nginx_listen(listen),
        types=types,
        charset_types=charset_types,
    )
    return _nginx_http() + "\n" + server


def apache_htaccess() -> str:
    """Return the ``.htaccess`` for the published site's root folder (Apache 2.4.10+).

    It needs ``mod_rewrite``, ``mod_headers``, ``mod_mime`` and ``mod_dir`` and
    ``AllowOverride FileInfo Indexes``; see the module docstring. ``Content-Location``
    comes from the internally rewritten request, whose ``REQUEST_URI`` is the file sent
    (an ``expr=`` value in ``Header`` needs Apache 2.4.10 or later). The ``Accept``
    conditions carry ``NV`` so that mod_rewrite does not add ``Vary: Accept`` to files
    asked for by name; the negotiated answers get it from ``Header merge``.
    """
    types = "".join(
        f'AddType "{f.media_type}; charset=utf-8" {f.extension}\n'
        if f in CHARSET_FILES
        else f"AddType {f.media_type} {f.extension}\n"
        for f in SITE_FILES
    )
    # each rule overrides those above it: the formats in reverse, HTML last
    negotiated = "".join(
        f"RewriteCond %{{HTTP_ACCEPT}} {_accept_pattern(fmt)} [NC,NV]\n"
        f"RewriteRule ^ - [E=STYRGRAF_EXT:{_ext(fmt)}]\n"
        for fmt in reversed(PAGE_FORMATS)
    )
    return _fill(
        _HTACCESS,
        types=types,
        gz=GZIP.extension,
        gzip=GZIP.media_type,
        default=_ext(HTML),
        negotiated=negotiated,
    )
