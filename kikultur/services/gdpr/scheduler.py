"""The automatic purge: once at server start, then daily, in a background thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import Session

from kikultur.config import Settings
from kikultur.store.models import utcnow
from kikultur.store.retention import purge

log = logging.getLogger(__name__)
DAY_SECONDS = 24 * 60 * 60


class PurgeScheduler:
    """Runs `purge` now and then every `interval` seconds until stopped."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        settings: Settings,
        interval: float = DAY_SECONDS,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.interval = interval
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kikultur-purge", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def run_once(self) -> None:
        try:
            with self.session_factory() as session:
                results = purge(session, utcnow(), self.settings)
            deleted = sum(result.count for result in results)
            if deleted:
                log.info("Löschfristen: %d abgelaufene Zeilen gelöscht", deleted)
        except Exception:  # a failed run must not end the server; the next run tries again
            log.exception("Löschfristen: automatisches Löschen fehlgeschlagen")
        self.runs += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)


@asynccontextmanager
async def purge_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """App lifespan: starts the daily purge unless `retention_autopurge` is off (tests)."""
    settings: Settings = app.state.settings
    scheduler = None
    if settings.retention_autopurge:
        scheduler = PurgeScheduler(app.state.session_factory, settings)
        scheduler.start()
    app.state.purge_scheduler = scheduler
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.stop()
