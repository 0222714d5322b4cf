"""The `Content-Disposition` header of every download, right for German file names."""

from __future__ import annotations

from urllib.parse import quote

from kikultur.exports.filenames import ascii_filename


def attachment_headers(filename: str) -> dict[str, str]:
    """Headers that make the browser save the response as `filename`.

    `filename="…"` carries an ASCII form for old clients; when the name has other characters
    (umlauts, ß), `filename*=UTF-8''…` (RFC 6266/5987) carries the real name, which browsers
    prefer. A raw umlaut in the header would be mangled or rejected.
    """
    fallback = ascii_filename(filename)
    disposition = f'attachment; filename="{fallback}"'
    if fallback != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return {"Content-Disposition": disposition}
