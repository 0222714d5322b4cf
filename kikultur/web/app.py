"""The app factory: `create_app(settings)` builds a fresh app; nothing is built at import."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kikultur.config import Settings
from kikultur.i18n import _
from kikultur.services.accounts import make_hasher
from kikultur.services.gdpr.scheduler import purge_lifespan
from kikultur.store.db import engine_for, make_session_factory
from kikultur.web.deps import PASSWORD_CHANGE_PATH, Forbidden, MustChangePassword
from kikultur.web.limits import BodyLimit, RequestTooLarge, declared_too_large
from kikultur.web.routers import ROUTERS
from kikultur.web.security import CsrfError, LoginRequired, verify_csrf
from kikultur.web.templating import STATIC_DIR, BinaryFormInput, make_environment, render

log = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    """JSON for the API and for the editor's scripts (autosave, stop), which ask for it with
    `Accept: application/json` and cannot read an HTML page; every other error is a page."""
    if request.url.path.startswith("/api/"):
        return True
    return request.headers.get("accept", "").startswith("application/json")


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
                "Das Formular war abgelaufen oder unvollständig, darum wurde diese Sendung "
                "nicht ausgeführt. Was Sie vorher gespeichert oder erzeugt haben, bleibt "
                "erhalten. Bitte laden Sie die Seite neu und senden Sie es noch einmal."
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
            return _not_found(request)
        if exc.status_code == 405:
            return _error(
                request, 405, _("Nicht erlaubt"), _("Diese Aktion ist hier nicht möglich.")
            )
        return _error(request, exc.status_code, _("Fehler"), _http_message(exc))

    @app.exception_handler(RequestTooLarge)
    async def too_large(request: Request, _exc: RequestTooLarge) -> Response:
        return _too_large(request)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # Where and what kind only: the rejected input itself may be personal data.
        problems = [(error.get("loc"), error.get("type")) for error in exc.errors()]
        log.info("Ungültige Anfrage %s %s: %s", request.method, request.url.path, problems)
        if any(loc and loc[0] == "path" for loc, _kind in problems):
            # A malformed id in the address (/entwuerfe/abc): a broken link, not a form error.
            return _not_found(request)
        return _error(
            request,
            422,
            _("Ungültige Angabe"),
            _(
                "Die Anfrage enthielt eine ungültige Angabe und wurde darum nicht ausgeführt. "
                "Bitte gehen Sie zurück und versuchen Sie es noch einmal."
            ),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # The reference ties what the user reports to the log entry with the traceback.
        reference = secrets.token_hex(4)
        log.error(
            "Unerwarteter Fehler %s bei %s %s",
            reference,
            request.method,
            request.url.path,
            exc_info=exc,
        )
        title = _("Unerwarteter Fehler")
        message = _(
            "Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es noch einmal. "
            "Bleibt der Fehler, nennen Sie der Betreuung Ihrer Werkbank die Fehlernummer "
            "{reference}."
        ).format(reference=reference)
        try:
            response = _error(request, 500, title, message)
        except Exception:  # the page itself failed (database gone, broken session): plain text
            log.exception("Fehlerseite %s konnte nicht angezeigt werden", reference)
            response = HTMLResponse(
                f'<!doctype html><html lang="de"><title>{title}</title><h1>{title}</h1>'
                f"<p>{message}</p></html>",
                status_code=500,
            )
        # This answer leaves outside the app's middleware: it needs the headers itself.
        _security_headers(response, request.app.state.settings)
        return response


def _too_large(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    return _error(
        request,
        413,
        _("Zu groß"),
        _("Die Anfrage ist größer als {mb} MB und wurde nicht angenommen.").format(
            mb=settings.upload_max_bytes // (1024 * 1024)
        ),
    )


def _not_found(request: Request) -> Response:
    return _error(request, 404, _("Nicht gefunden"), _("Diese Seite gibt es nicht (mehr)."))


def _http_message(exc: StarletteHTTPException) -> str:
    """Our own German detail, or a German sentence instead of Starlette's English default
    ("Bad Request") when a route raised the status without one."""
    try:
        default = HTTPStatus(exc.status_code).phrase
    except ValueError:
        default = ""
    detail = str(exc.detail or "")
    if detail and detail != default:
        return detail
    return _("Die Anfrage konnte nicht ausgeführt werden (Fehler {status}).").format(
        status=exc.status_code
    )


def _security_headers(response: Response, settings: Settings) -> None:
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
    # A body without Content-Length is counted as the route reads it. Added first, so it sits
    # inside the middleware below: its 413 is raised in the route, where the handler answers.
    app.add_middleware(BodyLimit, settings=settings)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if declared_too_large(settings, dict(request.headers)):
            # Refused before the body is read (before the CSRF check parses a form, before
            # the login check): a huge request can fill neither memory nor disk.
            response = _too_large(request)
        else:
            response = await call_next(request)
        _security_headers(response, settings)
        return response

    return app
