"""PDF: the whole disclosure through WeasyPrint, with the Chinese font embedded.

The PDF is the HTML document (:func:`yusuan.render.document.document_html`) laid out by
WeasyPrint on A4 pages: each table and each 绩效目标表 starts a page, wide tables turn to
landscape, table headers repeat on every page a table runs over, page numbers at the foot.
WeasyPrint embeds a subset of the font it uses (Noto Serif CJK SC from Debian's
``fonts-noto-cjk``), so the file reads the same on a machine without Chinese fonts.

Speed (docs/performance.md): the font costs little (HarfBuzz subsets it in ~0.1 s); the time
goes to WeasyPrint's per-element work.  So the HTML given to it is lean (no whitespace between
tags, no attributes only scripts and screen readers use), its default style sheet does not
give every element six pseudo-elements (see :func:`_user_agent_stylesheet`), and the
绩效目标表 have fixed column widths (``document.css``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from yusuan.model.budget import Budget
from yusuan.render.document import Document, document, document_html

_BETWEEN_TAGS = re.compile(r">\s+<")
#: attributes the PDF does not use (they serve scripts, tests and screen readers on the web page);
#: values are escaped by Jinja2, so a value never holds a double quote
_UNUSED_ATTRIBUTES = re.compile(r' (?:data-[a-z-]+|scope|aria-[a-z]+)="[^"]*"')
#: WeasyPrint's default style sheet gives *every* element ``::marker`` and five footnote/note
#: pseudo-elements (``::marker {…}``, ``::footnote-call {…}``, …); computing their styles was a
#: fifth of the PDF's time.  Markers only exist on list items; the document has no footnotes.
_UNIVERSAL_PSEUDO = re.compile(
    r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback)\b", re.M
)

#: The font the PDF needs; :func:`check_fonts` says so in Chinese when it is missing.
PDF_FONT = "Noto Serif CJK SC"


class PdfFontError(OSError):
    """The Chinese font for the PDF is not installed (an OSError: the CLI prints it as one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


def check_fonts() -> None:
    """Raise :class:`PdfFontError` when fontconfig does not know :data:`PDF_FONT`."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return  # cannot tell; WeasyPrint will fall back
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if PDF_FONT not in listed:
        raise PdfFontError(
            f"生成 PDF 需要中文字体“{PDF_FONT}”：请安装 Debian 软件包 fonts-noto-cjk"
            "（apt-get install fonts-noto-cjk）"
        )


def _scoped_pseudo(match: re.Match[str]) -> str:
    if match[1] == "marker":
        return "li::marker, summary::marker"
    return f"[data-ys-note]::{match[1]}"  # no element has that attribute: no footnotes


@cache
def _html_class() -> Any:
    """WeasyPrint's ``HTML`` with its HTML5 default style sheet's universal pseudo-element
    rules scoped (``_ua_stylesheets`` is the hook WeasyPrint's own subclasses override)."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    try:
        from weasyprint.html import UA, UA_COUNTER_STYLE  # type: ignore[import-untyped]
    except ImportError:  # another WeasyPrint than the pinned one: correct, only slower
        return HTML
    if not hasattr(HTML, "_ua_stylesheets"):
        return HTML
    scoped = _UNIVERSAL_PSEUDO.sub(_scoped_pseudo, UA)
    user_agent = CSS(string=scoped, counter_style=UA_COUNTER_STYLE)

    class LeanHTML(HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [user_agent, *super()._ua_stylesheets(forms)[1:]]

    return LeanHTML


def pdf_html(doc: Document) -> str:
    """The HTML WeasyPrint lays out: the document's, without what only costs parsing time."""
    html = _BETWEEN_TAGS.sub("><", document_html(doc, for_pdf=True))
    return _UNUSED_ATTRIBUTES.sub("", html)


def document_pdf(doc: Document) -> bytes:
    """The PDF of ``doc``."""
    import logging

    # WeasyPrint warns about CSS it ignores (screen-only rules); that is not the user's concern
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf: bytes = _html_class()(string=pdf_html(doc)).write_pdf()
    return pdf


def write_pdf(budget: Budget, path: str | Path) -> None:
    """Write the whole disclosure of ``budget`` as a PDF."""
    check_fonts()
    Path(path).write_bytes(document_pdf(document(budget)))
