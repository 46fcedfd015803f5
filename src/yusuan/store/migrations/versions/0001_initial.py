"""Initial schema: departments, budgets, versions, source documents, parse reports, findings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code", sa.String(50), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_departments"),
        sa.UniqueConstraint("name", name="uq_departments_name"),
    )
    op.create_table(
        "source_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source_documents"),
    )
    op.create_index("ix_source_documents_sha256", "source_documents", ["sha256"])
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name="fk_budgets_department_id_departments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_budgets"),
        sa.UniqueConstraint("department_id", "year", name="uq_budgets_department_id"),
    )
    op.create_index("ix_budgets_department_id", "budgets", ["department_id"])
    op.create_index("ix_budgets_year", "budgets", ["year"])
    op.create_table(
        "budget_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("disclosure_json", sa.Text(), nullable=False),
        sa.Column("audited", sa.Boolean(), nullable=False),
        sa.Column("audit_summary_json", sa.Text(), nullable=True),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("infos", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"], ["budgets.id"], name="fk_budget_versions_budget_id_budgets"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["source_documents.id"],
            name="fk_budget_versions_document_id_source_documents",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_budget_versions"),
        sa.UniqueConstraint("budget_id", "number", name="uq_budget_versions_budget_id"),
    )
    op.create_index("ix_budget_versions_budget_id", "budget_versions", ["budget_id"])
    op.create_index("ix_budget_versions_document_id", "budget_versions", ["document_id"])
    op.create_index("ix_budget_versions_errors", "budget_versions", ["errors"])
    op.create_table(
        "parse_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["budget_versions.id"],
            name="fk_parse_reports_version_id_budget_versions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_parse_reports"),
        sa.UniqueConstraint("version_id", name="uq_parse_reports_version_id"),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(50), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("part", sa.String(20), nullable=True),
        sa.Column("table_number", sa.Integer(), nullable=True),
        sa.Column("row_key", sa.String(300), nullable=True),
        sa.Column("column_key", sa.String(100), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("expected", sa.Text(), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"], ["budget_versions.id"], name="fk_findings_version_id_budget_versions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
    )
    op.create_index("ix_findings_version_id", "findings", ["version_id"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("parse_reports")
    op.drop_table("budget_versions")
    op.drop_table("budgets")
    op.drop_table("source_documents")
    op.drop_table("departments")
