"""The database tables: departments, budgets with versions, source documents, reports, findings.

A budget is one department × one year.  Every import adds a *version* to it (numbered 1, 2, …);
nothing is ever overwritten.  A version keeps the disclosure as stated (JSON of
:class:`yusuan.model.disclosure.Disclosure`), the source document's original bytes with their
SHA-256, the parse report (documents that were parsed) and the audit findings, one row each.
A document uploaded as several files (说明 and 表格 published apart) keeps each file as
uploaded, in order, in ``source_files``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DepartmentRow(Base):
    """预算单位 / 部门."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    budgets: Mapped[list[BudgetRow]] = relationship(
        back_populates="department", order_by="BudgetRow.year"
    )


class BudgetRow(Base):
    """部门预算: one department, one year; its content lives in its versions."""

    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("department_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    department: Mapped[DepartmentRow] = relationship(back_populates="budgets")
    versions: Mapped[list[VersionRow]] = relationship(
        back_populates="budget", order_by="VersionRow.number"
    )


class DocumentRow(Base):
    """A source document as uploaded: the original bytes, their hash, the sniffed kind.

    A document of several files (kind ``combined``) keeps its files in :class:`FileRow`; its
    own ``content`` is empty, ``size`` is the files' total and ``sha256`` is taken over the
    files' SHA-256 digests in order (see :class:`yusuan.store.imports.CombinedSource`).
    """

    __tablename__ = "source_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))  # pdf | pdf_text | xlsx | budget_yaml | combined
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded when asked
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    files: Mapped[list[FileRow]] = relationship(
        back_populates="document", order_by="FileRow.position", lazy="selectin"
    )


class FileRow(Base):
    """One original file of a document uploaded in several, as uploaded, and where its lines
    and pages sit in the document read as one (line and page numbers count on)."""

    __tablename__ = "source_files"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the order uploaded
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))  # pdf | pdf_text
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded when asked
    first_line: Mapped[int | None] = mapped_column(Integer)
    last_line: Mapped[int | None] = mapped_column(Integer)
    first_page: Mapped[int | None] = mapped_column(Integer)
    last_page: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRow] = relationship(back_populates="files")


class VersionRow(Base):
    """One import of a budget: the stated disclosure and its audit counts."""

    __tablename__ = "budget_versions"
    __table_args__ = (UniqueConstraint("budget_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # compiled | parsed
    disclosure_json: Mapped[str] = mapped_column(Text, deferred=True)
    audited: Mapped[bool] = mapped_column(default=False)
    audit_summary_json: Mapped[str | None] = mapped_column(Text)
    errors: Mapped[int] = mapped_column(Integer, default=0, index=True)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    budget: Mapped[BudgetRow] = relationship(back_populates="versions")
    document: Mapped[DocumentRow] = relationship()
    parse_report: Mapped[ParseReportRow | None] = relationship(back_populates="version")
    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="version", order_by="FindingRow.position"
    )


class ParseReportRow(Base):
    """What the parser reported about a document (JSON), one per parsed version."""

    __tablename__ = "parse_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("budget_versions.id"), unique=True)
    report_json: Mapped[str] = mapped_column(Text)

    version: Mapped[VersionRow] = relationship(back_populates="parse_report")


class FindingRow(Base):
    """问题: one audit finding with the place it points at."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("budget_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order in the audit report
    rule: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    part: Mapped[str | None] = mapped_column(String(20))
    table_number: Mapped[int | None] = mapped_column(Integer)
    row_key: Mapped[str | None] = mapped_column(String(300))
    column_key: Mapped[str | None] = mapped_column(String(100))
    line: Mapped[int | None] = mapped_column(Integer)
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)

    version: Mapped[VersionRow] = relationship(back_populates="findings")
