"""PDF: the whole disclosure through WeasyPrint, with the Chinese font embedded.

The PDF is the HTML document (:func:`yusuan.render.document.document_html`) laid out by
WeasyPrint on A4 pages: each table and each 绩效目标表 starts a page, wide tables turn to
landscape, table headers repeat on every page a table runs over, page numbers at the foot.
WeasyPrint embeds a subset of the font it uses (Noto Serif CJK SC from Debian's
``fonts-noto-cjk``), so the file reads the same on a machine without Chinese fonts.
"""

from __future__ import annotations

import re
from pathlib import Path

from yusuan.model.budget import Budget
from yusuan.render.document import Document, document, document_html

_BETWEEN_TAGS = re.compile(r">\s+<")

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


def document_pdf(doc: Document) -> bytes:
    """The PDF of ``doc``."""
    import logging

    from weasyprint import HTML  # type: ignore[import-untyped]

    # WeasyPrint warns about CSS it ignores (screen-only rules); that is not the user's concern
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # whitespace between tags only costs WeasyPrint parsing time (about a third of the page)
    html = _BETWEEN_TAGS.sub("><", document_html(doc, for_pdf=True))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def write_pdf(budget: Budget, path: str | Path) -> None:
    """Write the whole disclosure of ``budget`` as a PDF."""
    check_fonts()
    Path(path).write_bytes(document_pdf(document(budget)))
