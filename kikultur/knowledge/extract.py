"""Text from uploaded files (.docx, .txt, .md), with German errors for anything unusable.

A pure function over bytes: the web layer reads the upload (at most `max_bytes + 1` bytes) and
hands it here. DOCX paragraphs and tables come in document order; a table becomes one line
per row with tab-separated cells (the shape the privacy check reads column headers from),
set off from the paragraphs around it by a blank line. Page headers and footers follow the body.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from kikultur.i18n import _

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
DOCX_SUFFIX = ".docx"
DOCUMENT_PART = "word/document.xml"
# A DOCX is a zip: a small file may unpack to gigabytes (a "zip bomb"). The sizes recorded in
# the zip directory are checked before anything is unpacked; python-docx then reads the parts
# through zipfile, which stops at the recorded size (it raises on a lying header).
MAX_UNPACKED_FACTOR = 10
MAX_UNPACKED_FLOOR = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 5000


class ExtractError(ValueError):
    """The file cannot be read as text; the message is German and says what to do."""


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    kind: str  # "docx" or "text"
    # Something the user should know about how the file was read (German), e.g. its encoding.
    note: str | None = None


def format_size(size: int) -> str:
    """A size for people: "10 MB", "1,5 MB", "4 KB" (German decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",") + " MB"


def extract_text(filename: str, data: bytes, max_bytes: int) -> Extracted:
    """The text of an uploaded file; raises ExtractError with a German message."""
    name = PurePath(filename or "").name or _("Die Datei")
    suffix = PurePath(name).suffix.lower()
    if len(data) > max_bytes:
        raise ExtractError(
            _("„{name}“ ist größer als {size}. Bitte eine kleinere Datei hochladen.").format(
                name=name, size=format_size(max_bytes)
            )
        )
    if not data:
        raise ExtractError(_("„{name}“ ist leer.").format(name=name))
    if suffix == DOCX_SUFFIX:
        return Extracted(docx_text(data, name, max_bytes), "docx")
    if suffix in TEXT_SUFFIXES:
        try:
            return Extracted(plain_text(data, name), "text")
        except ExtractError as not_utf8:
            # Older Windows programs ("Nur Text" in Word, Notepad before 2019) save in the
            # Windows character set; a German text in it reads correctly as cp1252.
            text = windows_text(data)
            if text is None:
                raise not_utf8 from None
            note = _(
                "„{name}“ war nicht als UTF-8 gespeichert und wurde im Windows-Zeichensatz "
                "gelesen. Bitte prüfen Sie, ob Umlaute und Sonderzeichen richtig aussehen."
            ).format(name=name)
            return Extracted(text, "text", note)
    if suffix == ".doc":
        raise ExtractError(
            _(
                "„{name}“ ist eine alte Word-Datei (.doc). Bitte in Word oder LibreOffice als "
                ".docx speichern und erneut hochladen."
            ).format(name=name)
        )
    raise ExtractError(
        _(
            "„{name}“ hat ein Format, das die Werkbank nicht lesen kann. Möglich sind "
            "Word-Dateien (.docx) und Textdateien (.txt, .md)."
        ).format(name=name)
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def windows_text(data: bytes) -> str | None:
    """The text of a file in the Windows character set (cp1252), or None if it is none:
    bytes cp1252 leaves undefined or control characters mean binary or another encoding."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return _unify_line_ends(text)


def _unify_line_ends(text: str) -> str:
    # Browsers send textarea line breaks as \r\n; a file's line endings are made the same.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def plain_text(data: bytes, name: str) -> str:
    """UTF-8 text (a byte order mark is dropped); binary data and other encodings refused."""
    if b"\x00" in data:
        raise ExtractError(
            _(
                "„{name}“ ist keine Textdatei (sie enthält Binärdaten). Bitte eine Textdatei "
                "(UTF-8) oder eine Word-Datei (.docx) hochladen."
            ).format(name=name)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            _(
                "„{name}“ ist nicht UTF-8-kodiert (Byte {position}). Bitte die Datei als UTF-8 "
                "speichern (in vielen Editoren: „Speichern unter“ → Kodierung UTF-8)."
            ).format(name=name, position=exc.start)
        ) from exc
    return _unify_line_ends(text)


def _broken_docx(name: str) -> ExtractError:
    return ExtractError(
        _(
            "„{name}“ ist keine gültige Word-Datei (.docx) oder sie ist beschädigt. Bitte in "
            "Word oder LibreOffice öffnen, erneut als .docx speichern und noch einmal hochladen."
        ).format(name=name)
    )


def check_archive(
    archive: zipfile.ZipFile, name: str, max_bytes: int, advice: str | None = None
) -> None:
    """Refuses a DOCX package that is no Word file or would unpack huge (a "zip bomb"),
    from the sizes in the zip directory alone; `advice` ends the German message (what to do
    instead), by default: paste the text."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _broken_docx(name)
    if DOCUMENT_PART not in {info.filename for info in infos}:
        raise _broken_docx(name)
    unpacked = sum(info.file_size for info in infos)
    limit = max(MAX_UNPACKED_FLOOR, MAX_UNPACKED_FACTOR * max_bytes)
    suspicious = any(
        info.file_size > 1024 * 1024
        and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if unpacked > limit or suspicious:
        if advice is None:
            advice = _("Bitte den Text in eine neue Word-Datei kopieren oder direkt einfügen.")
        raise ExtractError(
            _("„{name}“ würde entpackt {size} groß und wurde darum nicht geöffnet.").format(
                name=name, size=format_size(unpacked)
            )
            + " "
            + advice
        )


def docx_text(data: bytes, name: str, max_bytes: int) -> str:
    """Paragraphs and tables of the main document part, in document order, then the page
    headers and footers."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise _broken_docx(name) from exc
    with archive:
        check_archive(archive, name, max_bytes)
    # Imported here: python-docx pulls in lxml, which the text-only paths do not need.
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        EOFError,
        OSError,
        SyntaxError,  # lxml's XMLSyntaxError derives from it
    ) as exc:
        raise _broken_docx(name) from exc
    blocks = _blocks(document.element.body) + _header_footer_blocks(document)
    return "\n\n".join(block for block in blocks if block.strip())


def _header_footer_blocks(document: Any) -> list[str]:
    """Page headers and footers (first-page and even-page variants too), after the body.

    They carry contact data (an e-mail in the letterhead) the privacy check must see. They
    go after the body as plain blocks, so the offsets of the text shown stay the offsets the
    checks report. A header linked to the previous section has no text of its own; the same
    header text is kept once."""
    blocks: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        parts = (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        )
        for part in parts:
            if part.is_linked_to_previous:
                continue
            for block in _blocks(part._element):
                key = block.strip()
                if key and key not in seen:
                    seen.add(key)
                    blocks.append(block)
    return blocks


def _local(tag: object) -> str:
    # Comments and processing instructions have a non-string tag.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph_text(element: object) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(element, None).text  # type: ignore[arg-type]


def _blocks(container: object) -> list[str]:
    """Paragraph texts and table texts of a body or table cell, in order."""
    blocks: list[str] = []
    for child in container:  # type: ignore[attr-defined]
        tag = _local(child.tag)
        if tag == "p":
            blocks.append(_paragraph_text(child))
        elif tag == "tbl":
            blocks.append(_table_text(child))
        elif tag == "sdt":
            # Content controls (forms, tables of contents) wrap ordinary paragraphs.
            for part in child:
                if _local(part.tag) == "sdtContent":
                    blocks.extend(_blocks(part))
    return blocks


def _table_text(table: object) -> str:
    rows: list[str] = []
    for row in table:  # type: ignore[attr-defined]
        if _local(row.tag) != "tr":
            continue
        cells = []
        for cell in row:
            if _local(cell.tag) != "tc":
                continue
            # Within a cell, paragraphs join with a space: one row stays one line.
            text = " ".join(b for b in _blocks(cell) if b.strip())
            cells.append(" ".join(text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)
