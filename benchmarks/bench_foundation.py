"""Foundation costs: password hashing (ours vs. OWASP minimum) and page latency on SQLite."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from benchmarks.table import print_table
from kikultur.config import Settings
from kikultur.schemas.accounts import UserCreate
from kikultur.services import accounts
from kikultur.store.migrate import upgrade
from kikultur.web.app import create_app
from kikultur.web.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for

TARGET_MS = 200.0  # a page should feel immediate on the small office PC of a culture centre


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _hash_ms(hasher: PasswordHasher) -> float:
    return _median_ms(lambda: hasher.verify(hasher.hash("ein-passwort-123"), "ein-passwort-123"), 5)


def run() -> None:
    defaults = Settings(data_dir=Path(tempfile.mkdtemp()))
    ours = accounts.make_hasher(defaults)
    owasp = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    rows: list[list[object]] = [
        [
            "Argon2id hash+verify (ms)",
            f"{_hash_ms(ours):.0f} (t={ours.time_cost}, m={ours.memory_cost // 1024} MiB)",
            f"{_hash_ms(owasp):.0f} (OWASP-Minimum t=2, m=19 MiB)",
        ]
    ]

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), secret_key="b" * 48, argon2_time_cost=1, argon2_memory_kib=8
        )
        app = create_app(settings)
        upgrade(app.state.engine)
        with app.state.session_factory() as session:
            org = accounts.create_organisation(session, "Benchmark-Haus")
            user = accounts.create_user(
                session,
                app.state.hasher,
                org.id,
                UserCreate(email="b@example.org", display_name="B", password="x" * 12),
            )
            session.commit()
            token = accounts.start_session(session, settings, user)
        with TestClient(app) as client:
            client.cookies.set(SESSION_COOKIE, token)
            client.cookies.set(CSRF_COOKIE, "seed")
            csrf = csrf_token_for(app.state.secret_key, "seed")
            version = [0]

            def save() -> None:
                response = client.post(
                    "/steckbrief/bearbeiten",
                    data={"csrf_token": csrf, "name": "Benchmark-Haus",
                          "base_version": str(version[0]), "mission": "Kultur " * 50},
                    follow_redirects=False,
                )  # fmt: skip
                assert response.status_code == 303, response.text
                version[0] += 1

            save_ms = _median_ms(save, 30)
            view_ms = _median_ms(lambda: client.get("/steckbrief"), 50)
            edit_ms = _median_ms(lambda: client.get("/steckbrief/bearbeiten"), 50)
        app.state.engine.dispose()
    for label, value in (
        ("Steckbrief ansehen, SQLite (ms, Median)", view_ms),
        ("Steckbrief-Formular, SQLite (ms, Median)", edit_ms),
        ("Steckbrief speichern = neue Fassung, SQLite (ms, Median)", save_ms),
    ):
        rows.append([label, f"{value:.1f}", f"Zielwert {TARGET_MS:.0f}"])
    print_table(["Messung", "Werkbank", "Vergleich"], rows)
