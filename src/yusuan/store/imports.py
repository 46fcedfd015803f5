"""Importing one document into the store, as one transaction.

The caller (web upload, CLI, the sample at start-up) reads and audits the document; this
module writes department, budget, version, source document, parse report and findings
together.  Any failure rolls everything back: nothing is half-written.  A re-upload of a
budget that is already stored adds a new version; byte-identical re-uploads are recognised
(by SHA-256) and change nothing, unless they bring an audit the stored version lacks.  A
document uploaded as several files (:class:`CombinedSource`) keeps every file as uploaded, in
the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from yusuan.model.disclosure import Disclosure
from yusuan.store.models import (
    BudgetRow,
    DepartmentRow,
    DocumentRow,
    FileRow,
    FindingRow,
    ParseReportRow,
    VersionRow,
)

SEVERITIES = ("error", "warning", "info")
ATTEMPTS = 10  # tries of an import that lost a race with a concurrent one


class StoreError(Exception):
    """An import the store refuses (the message is one Chinese line for the user)."""


@dataclass(frozen=True)
class SourceFile:
    """The uploaded bytes and what they were recognised as.

    ``lines`` and ``pages`` (first, last; 1-based, inclusive): where the file's lines and
    pages sit when it is one of several files read as one document (:class:`CombinedSource`).
    """

    content: bytes
    filename: str
    kind: str  # pdf | pdf_text | xlsx | budget_yaml
    media_type: str
    lines: tuple[int, int] | None = None
    pages: tuple[int, int] | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


#: the kind of a document uploaded as several files
COMBINED = "combined"
#: how a combined document's name joins its files' names ("说明.pdf + 表格.pdf")
JOIN = " + "


@dataclass(frozen=True)
class CombinedSource:
    """Several files published as one document (说明 and 表格 apart), read as one, in order.

    Each file is stored as uploaded; the document itself holds no bytes.  Its SHA-256 is taken
    over the files' SHA-256 digests in order, so the same files uploaded again in the same
    order are recognised whatever their names, and in another order (other line numbers) not.
    """

    files: tuple[SourceFile, ...]
    kind: str = COMBINED
    media_type: str = "multipart/mixed"
    content: bytes = b""

    def __post_init__(self) -> None:
        if len(self.files) < 2:
            raise ValueError("CombinedSource: at least two files")

    @property
    def filename(self) -> str:
        return JOIN.join(f.filename for f in self.files)

    @property
    def sha256(self) -> str:
        digests = b"".join(hashlib.sha256(f.content).digest() for f in self.files)
        return hashlib.sha256(digests).hexdigest()

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


Source = SourceFile | CombinedSource


@dataclass(frozen=True)
class ImportResult:
    budget_id: int
    version_id: int
    number: int  # version number within the budget (1, 2, …)
    department: str
    year: int
    errors: int
    warnings: int
    duplicate: bool  # True: identical to the latest stored version, nothing written

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget_id": self.budget_id,
            "version_id": self.version_id,
            "version": self.number,
            "department": self.department,
            "year": self.year,
            "errors": self.errors,
            "warnings": self.warnings,
            "duplicate": self.duplicate,
        }


#: the department name of a document whose department was not recognised (+ its file name)
UNNAMED_DEPARTMENT = "（未识别部门）"


def import_disclosure(
    engine: Engine,
    source: Source,
    disclosure: Disclosure,
    *,
    audit_report: dict[str, Any] | None = None,
    parse_report: dict[str, Any] | None = None,
    note: str | None = None,
) -> ImportResult:
    """Store ``disclosure`` with its source, audit and parse report as a new version.

    ``audit_report`` is ``AuditReport.to_dict()``; ``None`` means not audited.
    A document whose department the parser could not find is stored under
    ``UNNAMED_DEPARTMENT`` + its file name, so a reader can still find it (uploading the same
    file name again adds a version).  Raises :class:`StoreError` when it names no year.
    """
    name = (disclosure.department or "").strip() or f"{UNNAMED_DEPARTMENT}{source.filename}"
    name = name[:200]  # the column's width (a long file name, several files' names)
    if disclosure.year is None:
        raise StoreError(f"{source.filename}：未能识别预算年度，无法入库")
    findings = list((audit_report or {}).get("findings", []))
    counts = {s: sum(1 for f in findings if f.get("severity") == s) for s in SEVERITIES}
    for attempt in range(ATTEMPTS):
        try:
            return _import_once(
                engine,
                source,
                disclosure,
                name,
                findings,
                counts,
                audit_report,
                parse_report,
                note,
            )
        except (IntegrityError, OperationalError) as exc:
            # A concurrent import of the same department or budget won a race (unique key,
            # SQLite lock, PostgreSQL deadlock): everything rolled back, so try again.
            if not _lost_race(exc) or attempt == ATTEMPTS - 1:
                reason = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
                raise StoreError(
                    f"{source.filename}：写入数据库失败（{reason}），未保存任何内容"
                ) from exc
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _lost_race(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return any(word in text for word in ("unique", "duplicate key", "locked", "busy", "deadlock"))


def _import_once(
    engine: Engine,
    source: Source,
    disclosure: Disclosure,
    name: str,
    findings: list[dict[str, Any]],
    counts: dict[str, int],
    audit_report: dict[str, Any] | None,
    parse_report: dict[str, Any] | None,
    note: str | None,
) -> ImportResult:
    assert disclosure.year is not None
    with Session(engine) as session, session.begin():
        department = session.scalar(select(DepartmentRow).where(DepartmentRow.name == name))
        if department is None:
            code = disclosure.budget.department.code if disclosure.budget else None
            department = DepartmentRow(name=name, code=code)
            session.add(department)
            session.flush()
        budget = session.scalar(
            select(BudgetRow).where(
                BudgetRow.department_id == department.id, BudgetRow.year == disclosure.year
            )
        )
        if budget is None:
            budget = BudgetRow(department_id=department.id, year=disclosure.year)
            session.add(budget)
            session.flush()
        latest = session.scalar(
            select(VersionRow)
            .where(VersionRow.budget_id == budget.id)
            .order_by(VersionRow.number.desc())
            .limit(1)
        )
        if (
            latest is not None
            and latest.document.sha256 == source.sha256
            and (latest.audited or audit_report is None)
        ):
            return ImportResult(
                budget.id,
                latest.id,
                latest.number,
                name,
                budget.year,
                latest.errors,
                latest.warnings,
                duplicate=True,
            )
        number = (
            session.scalar(
                select(func.max(VersionRow.number)).where(VersionRow.budget_id == budget.id)
            )
            or 0
        ) + 1
        document = DocumentRow(
            sha256=source.sha256,
            filename=source.filename[:255],
            kind=source.kind,
            media_type=source.media_type,
            size=source.size,
            content=source.content,
        )
        session.add(document)
        session.flush()
        if isinstance(source, CombinedSource):
            for position, part in enumerate(source.files, 1):
                session.add(_file_row(document.id, position, part))
            session.flush()
        version = VersionRow(
            budget_id=budget.id,
            number=number,
            document_id=document.id,
            origin=disclosure.origin,
            disclosure_json=disclosure.model_dump_json(),
            audited=audit_report is not None,
            audit_summary_json=(
                json.dumps(audit_report.get("summary", {}), ensure_ascii=False)
                if audit_report is not None
                else None
            ),
            errors=counts["error"],
            warnings=counts["warning"],
            infos=counts["info"],
            note=note,
        )
        session.add(version)
        session.flush()
        if parse_report is not None:
            session.add(
                ParseReportRow(
                    version_id=version.id,
                    report_json=json.dumps(parse_report, ensure_ascii=False, default=str),
                )
            )
        for position, finding in enumerate(findings):
            session.add(_finding_row(version.id, position, finding))
        session.flush()
        return ImportResult(
            budget.id,
            version.id,
            number,
            name,
            budget.year,
            counts["error"],
            counts["warning"],
            duplicate=False,
        )


def _file_row(document_id: int, position: int, part: SourceFile) -> FileRow:
    lines, pages = part.lines or (None, None), part.pages or (None, None)
    return FileRow(
        document_id=document_id,
        position=position,
        filename=part.filename[:255],
        kind=part.kind,
        media_type=part.media_type,
        sha256=part.sha256,
        size=part.size,
        content=part.content,
        first_line=lines[0],
        last_line=lines[1],
        first_page=pages[0],
        last_page=pages[1],
    )


def _finding_row(version_id: int, position: int, finding: dict[str, Any]) -> FindingRow:
    loc = finding.get("location") or {}
    return FindingRow(
        version_id=version_id,
        position=position,
        rule=finding.get("rule"),
        severity=finding.get("severity"),
        message=finding.get("message"),
        part=loc.get("part"),
        table_number=loc.get("table"),
        row_key=loc.get("row"),
        column_key=loc.get("column"),
        line=loc.get("line"),
        expected=_text(finding.get("expected")),
        actual=_text(finding.get("actual")),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
