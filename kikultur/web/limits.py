"""Request size limit: refused from Content-Length before reading, else counted while read."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kikultur.config import Settings

# Room for the text fields of an upload form beside the file itself.
UPLOAD_FORM_ROOM = 1024 * 1024


class RequestTooLarge(Exception):
    """The request body is larger than the configured upload limit allows."""


def request_limit(settings: Settings, content_type: str) -> int:
    """The largest body accepted: the upload limit, plus room for an upload form's text
    fields, so a file just over the limit still reaches the page, which says so at the field
    and keeps the text."""
    room = UPLOAD_FORM_ROOM if "multipart/form-data" in content_type else 0
    return settings.upload_max_bytes + room


def declared_too_large(settings: Settings, headers: dict[str, str]) -> bool:
    length = headers.get("content-length", "")
    return length.isdigit() and int(length) > request_limit(
        settings, headers.get("content-type", "")
    )


class BodyLimit:
    """Counts the body while it is read: a request without Content-Length (chunked) cannot
    stream more than the limit to the form parser, which would spool it all to disk."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        content_type = ""
        for name, value in scope.get("headers", []):
            if name == b"content-type":
                content_type = value.decode("latin-1")
        limit = request_limit(self.settings, content_type)
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Raised inside the route's body parsing: its handler answers 413.
                    raise RequestTooLarge()
            return message

        await self.app(scope, limited, send)
