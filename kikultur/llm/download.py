"""Resumable model download (HTTP Range, .part file) with SHA-256 verification and a hash record."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import httpx

from kikultur.i18n import _

ProgressCallback = Callable[[int, int | None], None]  # bytes done, total bytes (None: unknown)
HashSource = Literal["catalogue", "hub", "recorded", "first-download"]
HASHES_FILE = "hashes.json"
CHUNK_SIZE = 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class DownloadError(Exception):
    """A download failed; `user_message` is German and says what to do."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class DownloadInterrupted(DownloadError):
    """The connection broke; the .part file is kept so the next run resumes."""


class ChecksumMismatch(DownloadError):
    """The file does not match its SHA-256; nothing was kept."""


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    sha256: str
    size: int
    resumed_from: int
    hash_source: HashSource
    already_present: bool = False


def normalise_etag(value: str | None) -> str | None:
    """An ETag as Hugging Face sends it for LFS files (`"<sha256>"`, maybe `W/`) -> hex or None."""
    if not value:
        return None
    value = value.strip()
    value = value.removeprefix("W/").strip('"').lower()
    return value if _HEX64.match(value) else None


def hub_sha256(response_chain: Iterable[httpx.Response]) -> str | None:
    """The SHA-256 a hub publishes: `X-Linked-Etag` on the resolve redirect, else a 64-hex ETag."""
    responses = list(response_chain)
    # X-Linked-Etag anywhere in the chain first: a CDN's own ETag says less about the file.
    for header in ("x-linked-etag", "etag"):
        for response in responses:
            found = normalise_etag(response.headers.get(header))
            if found:
                return found
    return None


class HashRecord:
    """`hashes.json` in the models folder: the hash of each file after its first download."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, dict[str, str]]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise DownloadError(
                _("Die Datei {path} ist beschädigt (kein gültiges JSON).").format(path=self.path)
            ) from exc
        return data if isinstance(data, dict) else {}

    def get(self, filename: str) -> str | None:
        entry = self._read().get(filename)
        return entry.get("sha256") if isinstance(entry, dict) else None

    def put(self, filename: str, sha256: str, url: str) -> None:
        data = self._read()
        data[filename] = {
            "sha256": sha256,
            "url": url,
            "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def download_file(
    url: str,
    dest: Path,
    *,
    expected_sha256: str | None = None,
    hashes: HashRecord | None = None,
    client: httpx.Client | None = None,
    progress: ProgressCallback | None = None,
    timeout: float = 30.0,
) -> DownloadResult:
    """Downloads `url` to `dest` via `dest.part`, resuming a previous partial download.

    The hash to verify comes from the catalogue (`expected_sha256`), else the hub's published
    hash, else the hash recorded at the first download. A mismatch deletes the partial file and
    raises ChecksumMismatch; a broken connection keeps it and raises DownloadInterrupted.
    """
    hashes = hashes or HashRecord(dest.parent / HASHES_FILE)
    own_client = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True)
    try:
        return _download(url, dest, expected_sha256, hashes, client, progress)
    finally:
        if own_client:
            client.close()


def _download(
    url: str,
    dest: Path,
    expected: str | None,
    hashes: HashRecord,
    client: httpx.Client,
    progress: ProgressCallback | None,
) -> DownloadResult:
    source: HashSource | None = "catalogue" if expected else None
    recorded = hashes.get(dest.name)
    if dest.is_file():
        # Already downloaded: check it against what we know instead of fetching it again.
        known = expected or recorded
        actual = file_sha256(dest)
        if known is None or actual == known:
            return DownloadResult(
                dest, actual, dest.stat().st_size, 0, source or "recorded", already_present=True
            )
        raise ChecksumMismatch(
            _(
                "Die vorhandene Datei {path} passt nicht zur erwarteten Prüfsumme. Bitte die "
                "Datei löschen und erneut herunterladen."
            ).format(path=dest)
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    offset = part.stat().st_size if part.is_file() else 0
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    total: int | None = None
    try:
        with client.stream("GET", url, headers=headers) as response:
            if expected is None:
                published = hub_sha256([*response.history, response])
                if published:
                    expected, source = published, "hub"
            if response.status_code == 416 and offset:
                total = offset  # the .part file is already complete; verify it below
            elif response.status_code in (200, 206):
                if response.status_code == 200 or not _range_starts_at(response, offset):
                    offset = 0  # the server ignored the Range request: start over
                length = response.headers.get("content-length")
                total = offset + int(length) if length is not None else None
                done = offset
                with part.open("ab" if offset else "wb") as handle:
                    # No chunk size: a buffering chunker would lose bytes when the line breaks.
                    for block in response.iter_bytes():
                        handle.write(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
                if total is not None and done < total:
                    raise httpx.RemoteProtocolError("incomplete body")
            else:
                raise DownloadError(
                    _(
                        "Der Server hat den Download abgelehnt (HTTP {status}). Bitte die "
                        "Adresse prüfen: {url}"
                    ).format(status=response.status_code, url=url)
                )
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise DownloadError(
            _(
                "Der Download-Server ist nicht erreichbar ({url}). Bitte die Internetverbindung "
                "prüfen und den Befehl erneut aufrufen."
            ).format(url=url)
        ) from exc
    except httpx.TransportError as exc:
        have = part.stat().st_size if part.is_file() else 0
        of_total = _(" von {total} MB").format(total=_mb(total)) if total else ""
        raise DownloadInterrupted(
            _(
                "Der Download wurde unterbrochen ({have}{of_total} MB geladen). Der bisher "
                "geladene Teil bleibt erhalten; rufen Sie denselben Befehl erneut auf, dann wird "
                "der Download fortgesetzt."
            ).format(have=_mb(have), of_total=of_total)
        ) from exc
    if expected is None and recorded is not None:
        expected, source = recorded, "recorded"
    actual = file_sha256(part)
    if expected is not None and actual != expected:
        part.unlink(missing_ok=True)
        raise ChecksumMismatch(
            _(
                "Die heruntergeladene Datei ist beschädigt: Die Prüfsumme (SHA-256) stimmt nicht "
                "(erwartet {expected}, erhalten {actual}). Die Datei wurde gelöscht; bitte "
                "erneut herunterladen."
            ).format(expected=expected[:12] + "…", actual=actual[:12] + "…")
        )
    size = part.stat().st_size
    os.replace(part, dest)
    if recorded is None:
        hashes.put(dest.name, actual, url)
    return DownloadResult(dest, actual, size, offset, source or "first-download")


def _range_starts_at(response: httpx.Response, offset: int) -> bool:
    content_range = response.headers.get("content-range", "")
    match = re.match(r"bytes (\d+)-", content_range)
    return match is not None and int(match.group(1)) == offset


def remove_partial(dest: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        dest.with_name(dest.name + ".part").unlink()
