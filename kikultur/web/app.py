"""The app factory: `create_app(settings)` builds a fresh app; nothing is built at import."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.services.accounts import make_hasher
from kikultur.services.gdpr.scheduler import purge_lifespan
from kikultur.store.db import engine_for, make_session_factory
from kikultur.web.deps import PASSWORD_CHANGE_PATH, Forbidden, LoginRequired, MustChangePassword
from kikultur.web.routers import ROUTERS
from kikultur.web.security import CsrfError, verify_csrf
from kikultur.web.templating import STATIC_DIR, BinaryFormInput, make_environment, render

# Room for the text fields of an upload form beside the file itself.
UPLOAD_FORM_ROOM = 1024 * 1024


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, title: str, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", {"title": title, "message": message}, status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _("Bitte melden Sie sich an.")}, status_code=401)
        return RedirectResponse(f"/anmelden?weiter={quote(request.url.path)}", status_code=303)

    @app.exception_handler(MustChangePassword)
    async def must_change(request: Request, _exc: MustChangePassword) -> Response:
        return RedirectResponse(PASSWORD_CHANGE_PATH, status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _exc: Forbidden) -> Response:
        return _error(
            request,
            403,
            _("Keine Berechtigung"),
            _("Diese Seite ist der Verwaltung Ihrer Einrichtung vorbehalten."),
        )

    @app.exception_handler(CsrfError)
    async def csrf_failed(request: Request, _exc: CsrfError) -> Response:
        return _error(
            request,
            403,
            _("Formular abgelaufen"),
            _(
                "Das Formular war abgelaufen oder unvollständig, darum wurde nichts gespeichert. "
                "Bitte laden Sie die Seite neu und senden Sie es noch einmal."
            ),
        )

    @app.exception_handler(BinaryFormInput)
    async def binary_input(request: Request, _exc: BinaryFormInput) -> Response:
        return _error(
            request,
            400,
            _("Ungültige Eingabe"),
            _(
                "Das Formular enthielt Binärdaten (Nullbytes) statt Text, darum wurde nichts "
                "gespeichert. Bitte geben Sie nur Text ein."
            ),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, _("Nicht gefunden"), _("Diese Seite gibt es nicht (mehr)."))
        if exc.status_code == 405:
            return _error(
                request, 405, _("Nicht erlaubt"), _("Diese Aktion ist hier nicht möglich.")
            )
        return _error(request, exc.status_code, _("Fehler"), str(exc.detail))


def create_app(settings: Settings) -> FastAPI:
    """Builds the web app for these settings (database engine, templates, routers)."""
    app = FastAPI(
        title="KI@KULTUR Werkbank",
        docs_url=None,  # Swagger UI would load from a CDN; the schema itself is served
        openapi_url="/api/openapi.json",
        redoc_url=None,
        dependencies=[Depends(verify_csrf)],
        lifespan=purge_lifespan,
    )
    engine = engine_for(settings)
    app.state.settings = settings
    app.state.secret_key = settings.resolve_secret_key()
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.hasher = make_hasher(settings)
    app.state.templates = make_environment()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length", "")
        # An upload form carries text fields beside the file: a file just over the limit
        # then reaches the page, which says so at the field and keeps the text.
        room = (
            UPLOAD_FORM_ROOM
            if "multipart/form-data" in request.headers.get("content-type", "")
            else 0
        )
        if length.isdigit() and int(length) > settings.upload_max_bytes + room:
            # Refused before the body is read, so a huge request cannot fill the memory.
            response = _error(
                request,
                413,
                _("Zu groß"),
                _("Die Anfrage ist größer als {mb} MB und wurde nicht angenommen.").format(
                    mb=settings.upload_max_bytes // (1024 * 1024)
                ),
            )
        else:
            response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'",
        )
        if settings.https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    return app
