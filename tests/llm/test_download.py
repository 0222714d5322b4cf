import hashlib
from pathlib import Path

import pytest

from kikultur.llm.download import (
    ChecksumMismatch,
    DownloadError,
    DownloadInterrupted,
    HashRecord,
    download_file,
    normalise_etag,
)
from tests.support.file_server import FileSpec, FileTestServer

CONTENT = bytes(range(256)) * 4096  # 1 MiB, not a multiple of the chunk size pattern
SHA = hashlib.sha256(CONTENT).hexdigest()


def test_download_verified_against_the_catalogue_hash(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("m.gguf", FileSpec(CONTENT))
    progress: list[tuple[int, int | None]] = []
    result = download_file(
        file_server.url("m.gguf"),
        tmp_path / "m.gguf",
        expected_sha256=SHA,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert (tmp_path / "m.gguf").read_bytes() == CONTENT
    assert result.sha256 == SHA and result.hash_source == "catalogue"
    assert progress[-1] == (len(CONTENT), len(CONTENT))
    assert not (tmp_path / "m.gguf.part").exists()


def test_hub_hash_from_x_linked_etag_on_the_redirect_is_used(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("hub.gguf", FileSpec(CONTENT, linked_etag=SHA))
    result = download_file(file_server.url("hub.gguf", resolve=True), tmp_path / "hub.gguf")
    assert result.hash_source == "hub"


def test_corrupted_download_is_refused_in_german_and_nothing_is_kept(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("bad.gguf", FileSpec(CONTENT, linked_etag=SHA, corrupt=True))
    with pytest.raises(ChecksumMismatch) as info:
        download_file(file_server.url("bad.gguf", resolve=True), tmp_path / "bad.gguf")
    assert "beschädigt" in info.value.user_message
    assert not (tmp_path / "bad.gguf").exists()
    assert not (tmp_path / "bad.gguf.part").exists()


def test_interrupted_download_keeps_the_part_and_resumes_with_range(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("big.gguf", FileSpec(CONTENT, interrupt_after=300_000))
    dest = tmp_path / "big.gguf"
    with pytest.raises(DownloadInterrupted) as info:
        download_file(file_server.url("big.gguf"), dest, expected_sha256=SHA)
    assert "fortgesetzt" in info.value.user_message
    assert not dest.exists()
    assert (tmp_path / "big.gguf.part").stat().st_size == 300_000
    result = download_file(file_server.url("big.gguf"), dest, expected_sha256=SHA)
    assert file_server.ranges == [None, "bytes=300000-"]
    assert result.resumed_from == 300_000
    assert dest.read_bytes() == CONTENT


def test_server_that_ignores_range_restarts_from_the_beginning(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("n.gguf", FileSpec(CONTENT, interrupt_after=1000, honour_range=False))
    dest = tmp_path / "n.gguf"
    with pytest.raises(DownloadInterrupted):
        download_file(file_server.url("n.gguf"), dest, expected_sha256=SHA)
    result = download_file(file_server.url("n.gguf"), dest, expected_sha256=SHA)
    assert result.resumed_from == 0
    assert dest.read_bytes() == CONTENT


def test_hash_is_recorded_after_the_first_download_and_checked_next_time(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("new.gguf", FileSpec(CONTENT))
    first = download_file(file_server.url("new.gguf"), tmp_path / "new.gguf")
    assert first.hash_source == "first-download"
    assert HashRecord(tmp_path / "hashes.json").get("new.gguf") == SHA
    # The same file name served with other bytes later is caught against the recorded hash.
    (tmp_path / "new.gguf").unlink()
    file_server.add("new.gguf", FileSpec(CONTENT, corrupt=True))
    with pytest.raises(ChecksumMismatch):
        download_file(file_server.url("new.gguf"), tmp_path / "new.gguf")
    assert not (tmp_path / "new.gguf").exists()


def test_existing_file_is_verified_not_downloaded_again(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    file_server.add("m.gguf", FileSpec(CONTENT))
    download_file(file_server.url("m.gguf"), tmp_path / "m.gguf", expected_sha256=SHA)
    again = download_file(file_server.url("m.gguf"), tmp_path / "m.gguf", expected_sha256=SHA)
    assert again.already_present
    assert len(file_server.ranges) == 1


def test_missing_file_on_the_server_is_a_german_error(
    file_server: FileTestServer, tmp_path: Path
) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_file(file_server.url("gibtsnicht.gguf"), tmp_path / "x.gguf")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f'"{SHA}"', SHA),
        (f'W/"{SHA.upper()}"', SHA),
        ('"abc123"', None),  # a git blob hash, not a SHA-256
        (None, None),
    ],
)
def test_etag_normalisation(header: str | None, expected: str | None) -> None:
    assert normalise_etag(header) == expected


def test_unreachable_server_is_not_called_an_interruption(tmp_path: Path) -> None:
    from tests.support.openai_server import unused_port

    with pytest.raises(DownloadError, match="nicht erreichbar") as info:
        download_file(f"http://127.0.0.1:{unused_port()}/x.gguf", tmp_path / "x.gguf")
    assert not isinstance(info.value, DownloadInterrupted)
