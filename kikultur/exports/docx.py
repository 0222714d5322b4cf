"""Word export with python-docx, optionally into the organisation's own .docx/.dotx template."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from kikultur.exports.document import DEFAULT_AUTHOR, ExportDocument, ExportError, ExportSection
from kikultur.exports.markup import Heading, ListItem, Paragraph, parse_blocks, parse_inline
from kikultur.i18n import _
from kikultur.knowledge.extract import ExtractError, check_archive

_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
log = logging.getLogger(__name__)
# Elements that follow w:bidi in w:pPr and w:rtl in w:rPr (ECMA-376 schema order).
_BIDI_SUCCESSORS = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_RTL_SUCCESSORS = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _open_template(template: Path | bytes) -> DocxDocument:
    data = template.read_bytes() if isinstance(template, Path) else template
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ExportError(_("Die Word-Vorlage ist größer als 20 MB."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportError(
            _("Die Vorlage ist keine Word-Datei (.docx oder .dotx). Bitte in Word speichern.")
        )
    # A .dotx differs from a .docx only in its main content type: rewrite it for python-docx.
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        try:  # the rewrite unpacks every part: a zip bomb is refused first
            check_archive(
                source,
                _("Word-Vorlage"),
                MAX_TEMPLATE_BYTES,
                advice=_("Bitte unter Einstellungen › Entwürfe eine neue Vorlage hochladen."),
            )
        except ExtractError as exc:
            raise ExportError(str(exc)) from exc
        names = source.namelist()
        if "[Content_Types].xml" in names:
            types = source.read("[Content_Types].xml")
            if _TEMPLATE_TYPE in types:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                    for name in names:
                        content = source.read(name)
                        if name == "[Content_Types].xml":
                            content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                        target.writestr(name, content)
                data = out.getvalue()
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        # python-docx's own text is English and technical: the log gets it, the page not.
        log.warning("Word-Vorlage lässt sich nicht öffnen: %r", exc)
        raise ExportError(
            _(
                "Die Word-Vorlage lässt sich nicht öffnen. Bitte in Word oder LibreOffice "
                "öffnen, erneut als .docx speichern und noch einmal hochladen."
            )
        ) from exc
    body = document.element.body
    # Keep the section properties (page size, margins, header/footer references), drop content.
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _has_style(document: DocxDocument, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def _add_runs(paragraph: DocxParagraph, text: str, rtl: bool = False) -> None:
    for span in parse_inline(text):
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None
        if rtl:
            run._r.get_or_add_rPr().insert_element_before(OxmlElement("w:rtl"), *_RTL_SUCCESSORS)


def _set_rtl(paragraph: DocxParagraph) -> None:
    # Word rejects files whose properties are out of schema order: insert at the right place.
    pPr = paragraph._p.get_or_add_pPr()
    pPr.insert_element_before(OxmlElement("w:bidi"), *_BIDI_SUCCESSORS)


def _paragraph(document: DocxDocument, style: str | None) -> DocxParagraph:
    if style and _has_style(document, style):
        return document.add_paragraph(style=style)
    return document.add_paragraph()


def _heading(document: DocxDocument, text: str, level: int) -> None:
    style = "Title" if level == 0 else f"Heading {min(level, 9)}"
    paragraph = _paragraph(document, style)
    _add_runs(paragraph, text)
    if not _has_style(document, style):
        # A template without heading styles still gets a visible heading.
        for run in paragraph.runs:
            run.bold = True
            run.font.size = Pt(20 if level == 0 else 14 if level == 1 else 12)


def _list_item(document: DocxDocument, item: ListItem, rtl: bool) -> None:
    base = "List Number" if item.ordered else "List Bullet"
    style = base if item.level == 0 else f"{base} {min(item.level + 1, 3)}"
    if not _has_style(document, style):
        style = base
    if _has_style(document, style):
        paragraph = document.add_paragraph(style=style)
        _add_runs(paragraph, item.text, rtl)
    else:
        paragraph = document.add_paragraph()
        _add_runs(paragraph, ("  " * item.level) + "• " + item.text, rtl)
    if rtl:
        _set_rtl(paragraph)


def _section(document: DocxDocument, section: ExportSection) -> None:
    _heading(document, section.title, 1)
    for block in parse_blocks(section.text):
        if isinstance(block, Heading):
            _heading(document, block.text, min(block.level, 3) if block.level > 1 else 2)
        elif isinstance(block, ListItem):
            _list_item(document, block, section.rtl)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            for number, line in enumerate(block.lines):
                if number:
                    paragraph.add_run().add_break()
                _add_runs(paragraph, line, section.rtl)
            if section.rtl:
                _set_rtl(paragraph)


def _small_note(document: DocxDocument, text: str, italic: bool = False) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    run.italic = italic or None


def build_docx(
    doc: ExportDocument,
    template: Path | bytes | None = None,
    append: Callable[[DocxDocument], object] | None = None,
) -> DocxDocument:
    """The python-docx document; `append` adds content after the sections (finance table)."""
    document = _open_template(template) if template is not None else Document()
    _heading(document, doc.title, 0)
    if doc.subtitle:
        _add_runs(_paragraph(document, "Subtitle"), doc.subtitle)
    for notice in doc.notices:
        paragraph = _paragraph(document, "Intense Quote")
        run = paragraph.add_run(_("Hinweis: ") + notice)
        run.italic = True
    for section in doc.sections:
        _section(document, section)
    if append is not None:
        append(document)
    if doc.ai_note:
        _small_note(document, doc.ai_note, italic=True)
    if doc.provenance:
        _small_note(
            document,
            _("Entstehung: ") + "; ".join(f"{k}: {v}" for k, v in doc.provenance.items()),
        )
    properties = document.core_properties
    properties.title = doc.title[:255]
    # python-docx's own template names "python-docx" as author; a template names its maker.
    properties.author = (doc.author or DEFAULT_AUTHOR)[:255]
    properties.last_modified_by = (doc.author or DEFAULT_AUTHOR)[:255]
    properties.comments = "; ".join(f"{k}: {v}" for k, v in doc.provenance.items())[:255]
    return document


def write_docx(
    doc: ExportDocument,
    template: Path | bytes | None = None,
    append: Callable[[DocxDocument], object] | None = None,
) -> bytes:
    """The .docx file as bytes."""
    out = io.BytesIO()
    build_docx(doc, template, append).save(out)
    return out.getvalue()
