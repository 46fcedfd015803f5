"""Reading the store: budgets with filters, versions, findings, documents and their files."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased, undefer

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


@dataclass(frozen=True)
class BudgetSummary:
    """A budget with its latest version's audit counts (one line of the list)."""

    budget_id: int
    department: str
    department_id: int
    year: int
    versions: int
    version_id: int
    origin: str
    errors: int
    warnings: int
    infos: int
    audited: bool
    filename: str
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["updated_at"] = self.updated_at.isoformat()
        return out


@dataclass(frozen=True)
class FileInfo:
    """One original file of a version's document (without its bytes).

    A document uploaded as one file has one, the document itself; a document uploaded as
    several has each, in the order uploaded, with where its lines and pages sit in the
    document read as one (``first_line`` … ``last_page``; ``None`` for a single file)."""

    position: int  # 1, 2, …
    filename: str
    kind: str
    media_type: str
    sha256: str
    size: int
    first_line: int | None = None
    last_line: int | None = None
    first_page: int | None = None
    last_page: int | None = None

    def holds(self, line: int) -> bool:
        """Whether line ``line`` of the document read as one is in this file."""
        if self.first_line is None or self.last_line is None:
            return False
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class VersionInfo:
    version_id: int
    budget_id: int
    number: int
    department: str
    department_id: int
    year: int
    origin: str
    audited: bool
    errors: int
    warnings: int
    infos: int
    document_id: int
    filename: str
    kind: str
    sha256: str
    size: int
    note: str | None
    created_at: datetime
    files: tuple[FileInfo, ...] = ()  # the original files, in order (one for most documents)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["created_at"] = self.created_at.isoformat()
        out["files"] = [asdict(f) for f in self.files]
        return out


@dataclass(frozen=True)
class FindingInfo:
    rule: str
    severity: str
    message: str
    part: str | None
    table: int | None
    row: str | None
    column: str | None
    line: int | None
    expected: str | None
    actual: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "location": {
                "part": self.part,
                "table": self.table,
                "row": self.row,
                "column": self.column,
                "line": self.line,
            },
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class Document:
    filename: str
    kind: str
    media_type: str
    sha256: str
    content: bytes


def _latest_numbers() -> Any:
    return (
        select(VersionRow.budget_id, func.max(VersionRow.number).label("latest"))
        .group_by(VersionRow.budget_id)
        .subquery()
    )


def list_budgets(
    engine: Engine,
    *,
    department: str | None = None,
    year: int | None = None,
    min_errors: int | None = None,
    max_errors: int | None = None,
) -> list[BudgetSummary]:
    """Budgets (latest version each), filtered by department name (substring), year, errors."""
    latest = _latest_numbers()
    v = aliased(VersionRow)
    counts = (
        select(VersionRow.budget_id, func.count().label("n"))
        .group_by(VersionRow.budget_id)
        .subquery()
    )
    stmt = (
        select(BudgetRow, DepartmentRow, v, DocumentRow.filename, counts.c.n)
        .join(DepartmentRow, BudgetRow.department_id == DepartmentRow.id)
        .join(latest, latest.c.budget_id == BudgetRow.id)
        .join(v, (v.budget_id == BudgetRow.id) & (v.number == latest.c.latest))
        .join(DocumentRow, DocumentRow.id == v.document_id)
        .join(counts, counts.c.budget_id == BudgetRow.id)
        .order_by(DepartmentRow.name, BudgetRow.year.desc())
    )
    if department:
        stmt = stmt.where(DepartmentRow.name.contains(department, autoescape=True))
    if year is not None:
        stmt = stmt.where(BudgetRow.year == year)
    if min_errors is not None:
        stmt = stmt.where(v.errors >= min_errors)
    if max_errors is not None:
        stmt = stmt.where(v.errors <= max_errors)
    with Session(engine) as session:
        return [
            BudgetSummary(
                budget_id=b.id,
                department=d.name,
                department_id=d.id,
                year=b.year,
                versions=n,
                version_id=ver.id,
                origin=ver.origin,
                errors=ver.errors,
                warnings=ver.warnings,
                infos=ver.infos,
                audited=ver.audited,
                filename=filename,
                updated_at=ver.created_at,
            )
            for b, d, ver, filename, n in session.execute(stmt)
        ]


def departments(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(DepartmentRow.name).order_by(DepartmentRow.name)))


def years(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return list(session.scalars(select(BudgetRow.year).distinct().order_by(BudgetRow.year)))


def count_budgets(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(BudgetRow)) or 0


def _files(doc: DocumentRow) -> tuple[FileInfo, ...]:
    if not doc.files:
        return (FileInfo(1, doc.filename, doc.kind, doc.media_type, doc.sha256, doc.size),)
    return tuple(
        FileInfo(
            f.position,
            f.filename,
            f.kind,
            f.media_type,
            f.sha256,
            f.size,
            f.first_line,
            f.last_line,
            f.first_page,
            f.last_page,
        )
        for f in doc.files
    )


def _info(ver: VersionRow) -> VersionInfo:
    budget = ver.budget
    return VersionInfo(
        version_id=ver.id,
        budget_id=budget.id,
        number=ver.number,
        department=budget.department.name,
        department_id=budget.department_id,
        year=budget.year,
        origin=ver.origin,
        audited=ver.audited,
        errors=ver.errors,
        warnings=ver.warnings,
        infos=ver.infos,
        document_id=ver.document_id,
        filename=ver.document.filename,
        kind=ver.document.kind,
        sha256=ver.document.sha256,
        size=ver.document.size,
        note=ver.note,
        created_at=ver.created_at,
        files=_files(ver.document),
    )


def versions(engine: Engine, budget_id: int) -> list[VersionInfo]:
    """Every version of a budget, oldest first (empty when the budget does not exist)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(VersionRow).where(VersionRow.budget_id == budget_id).order_by(VersionRow.number)
        )
        return [_info(r) for r in rows]


def version(engine: Engine, budget_id: int, number: int | None = None) -> VersionInfo | None:
    """Version ``number`` of a budget (the latest when ``None``)."""
    stmt = select(VersionRow).where(VersionRow.budget_id == budget_id)
    if number is None:
        stmt = stmt.order_by(VersionRow.number.desc()).limit(1)
    else:
        stmt = stmt.where(VersionRow.number == number)
    with Session(engine) as session:
        row = session.scalar(stmt)
        return None if row is None else _info(row)


def find_budget(engine: Engine, department_id: int, year: int) -> int | None:
    with Session(engine) as session:
        return session.scalar(
            select(BudgetRow.id).where(
                BudgetRow.department_id == department_id, BudgetRow.year == year
            )
        )


def disclosure_json(engine: Engine, version_id: int) -> str | None:
    with Session(engine) as session:
        return session.scalar(select(VersionRow.disclosure_json).where(VersionRow.id == version_id))


def disclosure(engine: Engine, version_id: int) -> Disclosure | None:
    text = disclosure_json(engine, version_id)
    return None if text is None else Disclosure.model_validate_json(text)


def findings(engine: Engine, version_id: int) -> list[FindingInfo]:
    with Session(engine) as session:
        rows = session.scalars(
            select(FindingRow)
            .where(FindingRow.version_id == version_id)
            .order_by(FindingRow.position)
        )
        return [
            FindingInfo(
                rule=r.rule,
                severity=r.severity,
                message=r.message,
                part=r.part,
                table=r.table_number,
                row=r.row_key,
                column=r.column_key,
                line=r.line,
                expected=r.expected,
                actual=r.actual,
            )
            for r in rows
        ]


def audit_summary(engine: Engine, version_id: int) -> dict[str, Any] | None:
    with Session(engine) as session:
        text = session.scalar(
            select(VersionRow.audit_summary_json).where(VersionRow.id == version_id)
        )
    return None if text is None else dict(json.loads(text))


def parse_report(engine: Engine, version_id: int) -> dict[str, Any] | None:
    with Session(engine) as session:
        text = session.scalar(
            select(ParseReportRow.report_json).where(ParseReportRow.version_id == version_id)
        )
    return None if text is None else dict(json.loads(text))


def document(engine: Engine, document_id: int) -> Document | None:
    with Session(engine) as session:
        row = session.get(DocumentRow, document_id)
        if row is None:
            return None
        return Document(row.filename, row.kind, row.media_type, row.sha256, row.content)


def originals(engine: Engine, document_id: int) -> list[Document]:
    """A document's original files with their bytes, in order: the document itself when it
    was uploaded as one file, else each of its files (empty when there is no such document)."""
    with Session(engine) as session:
        rows = list(
            session.scalars(
                select(FileRow)
                .where(FileRow.document_id == document_id)
                .order_by(FileRow.position)
                .options(undefer(FileRow.content))
            )
        )
        if rows:
            return [Document(r.filename, r.kind, r.media_type, r.sha256, r.content) for r in rows]
    single = document(engine, document_id)
    return [] if single is None else [single]


def original(engine: Engine, document_id: int, position: int) -> Document | None:
    """Original file ``position`` (1, 2, …) of a document with its bytes (see
    :func:`originals`; a document uploaded as one file has only file 1)."""
    with Session(engine) as session:
        row = session.scalar(
            select(FileRow).where(FileRow.document_id == document_id, FileRow.position == position)
        )
        if row is not None:
            return Document(row.filename, row.kind, row.media_type, row.sha256, row.content)
        several = session.scalar(
            select(func.count()).select_from(FileRow).where(FileRow.document_id == document_id)
        )
    if several or position != 1:
        return None
    return document(engine, document_id)
