"""Several files published as one disclosure, read as one document.

Some bodies publish the explanation (情况说明) and the tables as separate PDFs.  Read apart,
each is incomplete (the auditor rightly reports the missing half); read together, the
document is whole.  The files' lines are numbered on, in the order given (the second file's
first line follows the first file's last line), and so are PDF pages; the parse report's
first warning says which lines and pages came from which file, and :func:`parse_contents`
returns the same as :class:`Span` records (a web upload stores them with each original file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from yusuan.parse import (
    ParseError,
    ParseResult,
    _decode,
    _parse_document,
    disclosure_found,
    encoding_note,
    parse_file,
    read_file,
)
from yusuan.parse.text import Document, Line, Token, read_text

#: how the combined document's source is named: "说明.pdf + 表格.pdf"
JOIN = " + "


@dataclass(frozen=True)
class Span:
    """Where one file's lines (and pages) sit in the combined document."""

    name: str
    first_line: int
    last_line: int
    first_page: int | None
    last_page: int | None

    def describe(self) -> str:
        pages = f"、第 {self.first_page}–{self.last_page} 页" if self.first_page else ""
        return f"{self.name} 为第 {self.first_line}–{self.last_line} 行{pages}"


def read_document(path: str | Path) -> tuple[Document, str, list[str], str]:
    """One file as logical lines (see :func:`read_bytes`), its size checked before reading."""
    return read_bytes(read_file(path), Path(path).name)


def read_bytes(data: bytes, name: str) -> tuple[Document, str, list[str], str]:
    """One file's content as logical lines: (document, kind, warnings, the text its line
    numbers count: the text as given, or a PDF's extracted text layer); PDF or text only."""
    if not data.strip():
        raise ParseError(name, "文件为空")
    if data[:5] == b"%PDF-":
        from yusuan.parse.pdf import pdf_document

        doc, warnings, text = pdf_document(data, name)
        return doc, "pdf", warnings, text
    if data[:4] == b"PK\x03\x04":
        raise ParseError(name, "XLSX 工作簿不能与其他文件合并读取，请单独解析")
    text, encoding = _decode(data, name)
    warnings = [] if encoding == "utf-8" else [encoding_note(encoding)]
    return read_text(text, name), "text", warnings, text


def combine(docs: Sequence[Document]) -> tuple[Document, list[Span]]:
    """The documents as one, lines and pages numbered on (the documents are consumed: their
    lines and tokens are moved into the result)."""
    lines: list[Line] = []
    tokens: list[Token] = []
    spans: list[Span] = []
    line_offset = page_offset = 0
    for doc in docs:
        base = len(lines)
        doc_tokens = doc.tokens()
        for ln in doc.lines:
            ln.no += line_offset
            if ln.page is not None:
                ln.page += page_offset
        for tok in doc_tokens:
            tok.line += base
        lines += doc.lines
        tokens += doc_tokens
        spans.append(
            Span(
                doc.source,
                line_offset + 1,
                line_offset + doc.raw_line_count,
                page_offset + 1 if doc.pages else None,
                page_offset + doc.pages if doc.pages else None,
            )
        )
        line_offset += doc.raw_line_count
        page_offset += doc.pages
    source = JOIN.join(d.source for d in docs)
    # the lines as printed, numbered on as the lines are (a PDF's: none, blank)
    raw = [r for d in docs for r in (d.raw or [""] * d.raw_line_count)]
    return Document(source, lines, line_offset, page_offset, tokens, raw=raw), spans


def parse_files(paths: Sequence[str | Path], exact: bool = False) -> ParseResult:
    """Parse one file (:func:`~yusuan.parse.parse_file`) or several PDF/text files published
    as one disclosure, read as one document (``exact``: see :func:`~yusuan.parse.parse_text`)."""
    if len(paths) == 1:
        return parse_file(paths[0], exact)
    if not paths:
        raise ValueError("parse_files: no file")
    return _parse_read([read_document(p) for p in paths], exact)[0]


def parse_contents(
    items: Sequence[tuple[bytes, str]], exact: bool = False
) -> tuple[ParseResult, list[Span]]:
    """Several PDF/text files' contents (with their names) read as one document, and where
    each file's lines and pages sit in it (one :class:`Span` per file, in order)."""
    if not items:
        raise ValueError("parse_contents: no file")
    return _parse_read([read_bytes(data, name) for data, name in items], exact)


def file_text(data: bytes, name: str) -> str:
    """The text one file's line numbers count, as :func:`read_bytes` reads it: a PDF's text
    layer (pages marked ``==== page N ====``), or the text as decoded."""
    if data[:5] == b"%PDF-":
        from yusuan.parse.pdf import pdf_text

        return pdf_text(data, name)[0]
    return _decode(data, name)[0]


def join_texts(texts: Sequence[str]) -> str:
    """Files' texts one after the other, as their lines are numbered when read as one: each
    file's text ends a line, so the next file's first line is the next line number."""
    return "".join(t if t.endswith(("\n", "\r")) or not t else t + "\n" for t in texts)


def _parse_read(
    read: list[tuple[Document, str, list[str], str]], exact: bool
) -> tuple[ParseResult, list[Span]]:
    doc, spans = combine([d for d, *_ in read])
    kinds = sorted({kind for _, kind, _, _ in read})
    legend = "；".join(span.describe() for span in spans)
    warnings = [f"合并读取 {len(spans)} 个文件（行号、页码依次接续）：{legend}"]
    for d, _, notes, _ in read:
        warnings += [f"{d.source}：{note}" for note in notes]
    result = _parse_document(doc, kind="+".join(kinds), extra_warnings=warnings, exact=exact)
    disclosure_found(result, doc.source)
    return result, spans
