"""The API's documentation pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), offline.

FastAPI's own pages load their code from a CDN, so without internet they are blank. Here the
browser code comes from npm beside the checkout (package.json pins it; ``npm ci`` installs
it) and is served under ``/static/swagger-ui/`` and ``/static/redoc/``; the pages are the
site's layout (``api_docs.html``) around it. Without the code the page says what to run and
links the OpenAPI description, which needs no browser code to read.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from loaders.resources import BROWSER_CODE, browser_code

from ..errors import NotFound
from ..render import render

router = APIRouter(include_in_schema=False)

#: What each page runs: the npm package served under /static/, and its files the page loads.
VIEWERS = {
    "/docs": ("swagger-ui", "Swagger UI", ("swagger-ui.css",), ("swagger-ui-bundle.js",)),
    "/redoc": ("redoc", "ReDoc", (), ("redoc.standalone.js",)),
}

#: The viewers may load only from this server: ReDoc shows Redocly's logo from its CDN
#: unconditionally, which would tell a third party of every visit. Both style with inline
#: styles, and ReDoc runs its search in a worker it makes from a blob.
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'"
)


def _page(request: Request, path: str) -> HTMLResponse:
    package, viewer, styles, scripts = VIEWERS[path]
    installed = browser_code(package) is not None
    html = render(
        "api_docs.html",
        title=f"API-dokumentation ({viewer})",
        current=path,
        viewer=package,
        viewer_name=viewer,
        installed=installed,
        openapi_url=request.app.openapi_url or "/openapi.json",
        other=next(p for p in VIEWERS if p != path),
        styles=[f"/static/{package}/{name}" for name in styles] if installed else [],
        scripts=[f"/static/{package}/{name}" for name in scripts] if installed else [],
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": POLICY})


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """The OpenAPI description in Swagger UI, where requests can be tried."""
    return _page(request, "/docs")


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """The OpenAPI description in ReDoc, for reading."""
    return _page(request, "/redoc")


@router.get("/static/swagger-ui/{name}")
async def swagger_ui_file(name: str) -> Response:
    return _file("swagger-ui", name)


@router.get("/static/redoc/{name}")
async def redoc_file(name: str) -> Response:
    return _file("redoc", name)


def _file(package: str, name: str) -> Response:
    folder = browser_code(package)
    if folder is None or name not in BROWSER_CODE[package].files:
        error = NotFound(f"no file {name!r} of {package}", hint="run `npm ci` in the checkout")
        return JSONResponse(error.to_json(), status_code=404)
    return FileResponse(folder / name, headers={"Cache-Control": "public, max-age=86400"})
