"""From uploaded bytes to a stored version: sniff the type, read, audit, import.

The type is decided by the content, never by the file name: ``%PDF-`` → PDF; a ZIP holding
``xl/workbook.xml`` → XLSX; UTF-8 text that is a YAML mapping with ``year`` and
``department`` → budget file; other UTF-8 text mentioning a budget → PDF text.  Everything
else is refused with one Chinese line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import Engine

from yusuan.model.disclosure import Disclosure
from yusuan.store import (
    CombinedSource,
    ImportResult,
    Source,
    SourceFile,
    StoreError,
    import_disclosure,
)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "budget_yaml": "application/yaml",
    "pdf_text": "text/plain; charset=utf-8",
}
KIND_LABELS = {
    "pdf": "PDF",
    "xlsx": "Excel（XLSX）",
    "budget_yaml": "预算文件（YAML）",
    "pdf_text": "PDF 文本",
    "combined": "合并上传",
}
_TEXT_MARKERS = ("预算", "部门")
_YEAR_KEY = re.compile(r"^year\s*:", re.MULTILINE)
_DEPARTMENT_KEY = re.compile(r"^department\s*:", re.MULTILINE)


class IngestError(Exception):
    """An upload that cannot be stored; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Analysis:
    source: Source
    disclosure: Disclosure
    audit_report: dict[str, Any] | None
    parse_report: dict[str, Any] | None


def safe_filename(name: str | None) -> str:
    """The last path component of ``name``, without control characters (for display only)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return base.strip(" .")[:200] or "upload"


def decode_text(content: bytes) -> str | None:
    """Text in UTF-8, or in GB18030 (GBK) as Chinese government sites often publish it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" or any(marker in text for marker in _TEXT_MARKERS):
            return text
    return None


def sniff(content: bytes, filename: str) -> str:
    """The kind of ``content``: pdf, xlsx, budget_yaml or pdf_text (raises IngestError)."""
    if not content.strip():
        raise IngestError(f"{filename}：文件为空", 422)
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise IngestError(f"{filename}：ZIP/XLSX 文件已损坏，无法打开", 422) from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise IngestError(f"{filename}：这是 ZIP 压缩包但不是 Excel（XLSX）工作簿", 415)
    if content.lstrip()[:512].lower().startswith((b"<!doctype html", b"<html")):
        raise IngestError(
            f"{filename}：HTML 网页暂不能读取；请上传 PDF、PDF 文本（.txt）或 XLSX", 415
        )
    text = decode_text(content)
    if text is None or "\x00" in text:
        raise IngestError(
            f"{filename}：不支持的文件类型（只接受 PDF、PDF 文本、XLSX 和预算 YAML 文件）", 415
        )
    if _YEAR_KEY.search(text) and _DEPARTMENT_KEY.search(text):
        return "budget_yaml"  # a budget file, even a broken one (its errors are reported)
    if "year" in text and "department" in text:  # a budget file written another way (JSON…)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict) and "year" in data and "department" in data:
            return "budget_yaml"
    if any(marker in text for marker in _TEXT_MARKERS):
        return "pdf_text"
    raise IngestError(f"{filename}：文本中没有部门预算的内容（不是预算公开文本或预算文件）", 415)


def _audit(disclosure: Disclosure) -> dict[str, Any] | None:
    try:
        from yusuan.audit import audit

        result: dict[str, Any] = audit(disclosure).to_dict()
    except ImportError:  # no (complete) auditor installed: stored as "未审核"
        return None
    return result


@contextmanager
def _reading(filename: str, what: str) -> Iterator[None]:
    """The parser's errors as upload errors: one Chinese line naming the file."""
    try:
        from yusuan.parse import ParseError
    except ImportError:
        raise IngestError(f"{filename}：本安装没有解析模块，无法读取{what}", 422) from None
    try:
        yield
    except ParseError as exc:
        raise IngestError(str(exc), 422) from None
    except Exception as exc:  # a document the parser chokes on is still a bad upload
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise IngestError(f"{filename}：无法读取{what}：{reason}", 422) from None


def _parse(content: bytes, filename: str, kind: str) -> tuple[Disclosure, dict[str, Any]]:
    with _reading(filename, KIND_LABELS[kind]):
        from yusuan.parse import parse_bytes

        result = parse_bytes(content, filename, exact=True)  # 元 tables exact (audit to the 元)
    report: dict[str, Any] = result.report.model_dump(mode="json")
    return result.disclosure, report


def analyse(content: bytes, filename: str) -> Analysis:
    """Sniff, read and audit an upload (nothing is stored yet)."""
    name = safe_filename(filename)
    kind = sniff(content, name)
    parse_report: dict[str, Any] | None = None
    if kind == "budget_yaml":
        from yusuan.compile import disclose
        from yusuan.model.load import BudgetFileError, load_budget_text

        text = content.decode("utf-8-sig")
        try:
            budget = load_budget_text(text, name)
        except BudgetFileError as exc:
            raise IngestError(str(exc), 422) from None
        disclosure = disclose(budget)
    else:
        disclosure, parse_report = _parse(content, name, kind)
    source = SourceFile(content, name, kind, MEDIA_TYPES[kind])
    return Analysis(source, disclosure, _audit(disclosure), parse_report)


#: the most files one upload may combine (说明 and 表格, sometimes split further)
MAX_FILES = 8
#: the kinds of file that can be read together as one document
COMBINABLE = ("pdf", "pdf_text")


def analyse_together(files: list[tuple[bytes, str]]) -> Analysis:
    """Several uploaded files published as one disclosure (说明 and 表格 apart: PDF or PDF
    text), read and audited as one document.  Its source keeps every file as uploaded, in
    order, with where its lines and pages sit in the document read as one."""
    if len(files) == 1:
        return analyse(*files[0])
    if len(files) > MAX_FILES:
        raise IngestError(f"一次最多合并 {MAX_FILES} 个文件（收到 {len(files)} 个）", 422)
    named = [(content, safe_filename(name)) for content, name in files]
    kinds = []
    for content, name in named:
        kind = sniff(content, name)
        if kind not in COMBINABLE:
            raise IngestError(
                f"{name}：合并为一份的文件须是 PDF 或 PDF 文本（这是{KIND_LABELS[kind]}），"
                "请单独上传",
                415,
            )
        kinds.append(kind)
    with _reading("、".join(n for _, n in named), "合并上传的文件"):
        from yusuan.parse.combine import parse_contents

        result, spans = parse_contents(named, exact=True)
    source = CombinedSource(
        tuple(
            SourceFile(
                content,
                name,
                kind,
                MEDIA_TYPES[kind],
                lines=(span.first_line, span.last_line),
                pages=(
                    (span.first_page, span.last_page)
                    if span.first_page is not None and span.last_page is not None
                    else None
                ),
            )
            for (content, name), kind, span in zip(named, kinds, spans, strict=True)
        )
    )
    report: dict[str, Any] = result.report.model_dump(mode="json")
    return Analysis(source, result.disclosure, _audit(result.disclosure), report)


def ingest(engine: Engine, content: bytes, filename: str, note: str | None = None) -> ImportResult:
    """Analyse an upload and store it as a new version (one transaction)."""
    return store(engine, analyse(content, filename), note)


def ingest_together(
    engine: Engine, files: list[tuple[bytes, str]], note: str | None = None
) -> ImportResult:
    """Analyse one upload of one or several files (see :func:`analyse_together`) and store it."""
    return store(engine, analyse_together(files), note)


def store(engine: Engine, found: Analysis, note: str | None = None) -> ImportResult:
    """Store an analysed document as a new version (one transaction)."""
    try:
        return import_disclosure(
            engine,
            found.source,
            found.disclosure,
            audit_report=found.audit_report,
            parse_report=found.parse_report,
            note=note,
        )
    except StoreError as exc:
        raise IngestError(str(exc), 422) from None
