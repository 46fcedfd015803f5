"""The store on SQLite and on a real PostgreSQL server: schema, imports, versions, filters."""

from __future__ import annotations

import hashlib
import threading
from importlib import resources
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from yusuan.compile import disclose
from yusuan.model import load_budget_text
from yusuan.model.disclosure import Disclosure
from yusuan.store import (
    CombinedSource,
    SourceFile,
    StoreError,
    import_disclosure,
    migrate,
    queries,
)
from yusuan.store.db import alembic_config
from yusuan.store.models import (
    Base,
    BudgetRow,
    DepartmentRow,
    DocumentRow,
    FileRow,
    FindingRow,
    ParseReportRow,
    VersionRow,
)

SAMPLE = resources.files("yusuan.samples").joinpath("atushi-2023.yaml").read_text("utf-8")
DEPARTMENT = "中共阿图什市委员会办公室"


def variant(*, year: int | None = None, name: str | None = None, bump: bool = False) -> str:
    text = SAMPLE
    if year is not None:
        text = text.replace("year: 2023\n", f"year: {year}\ncatalog_year: 2023\n", 1)
    if name is not None:
        text = text.replace(f"name: {DEPARTMENT}", f"name: {name}", 1)
    if bump:  # 10 万元 more on the first basic line
        text = text.replace("amount: 361.39}", "amount: 371.39}", 1)
    return text


def source(text: str, filename: str = "atushi-2023.yaml") -> tuple[SourceFile, Disclosure]:
    data = text.encode("utf-8")
    budget = load_budget_text(text, filename)
    return SourceFile(data, filename, "budget_yaml", "application/yaml"), disclose(budget)


def finding(rule: str, severity: str, table: int | None = 5, row: str | None = "2013101") -> Any:
    return {
        "rule": rule,
        "severity": severity,
        "message": f"{rule} 的说明",
        "location": {"part": "tables", "table": table, "row": row, "column": "total", "line": 12},
        "expected": "1,000.00",
        "actual": "999.00",
    }


def report(*findings: Any) -> dict[str, Any]:
    return {"document": "x", "summary": {"rules": 3}, "findings": list(findings)}


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (
                DepartmentRow,
                BudgetRow,
                DocumentRow,
                FileRow,
                VersionRow,
                ParseReportRow,
                FindingRow,
            )
        }


def test_migrations_build_exactly_the_models_schema(engine: Engine) -> None:
    migrate(engine)  # a second run is harmless
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert {"departments", "budgets", "budget_versions", "findings"} <= set(
        inspect(engine).get_table_names()
    )


def test_import_keeps_original_bytes_findings_and_stated_tables(engine: Engine) -> None:
    src, disclosure = source(SAMPLE)
    audit = report(finding("TBL-SUM-001", "error"), finding("TXT-001", "warning", None, None))
    result = import_disclosure(
        engine, src, disclosure, audit_report=audit, parse_report={"pages": 3}
    )
    assert (result.department, result.year, result.number) == (DEPARTMENT, 2023, 1)
    assert (result.errors, result.warnings, result.duplicate) == (1, 1, False)

    info = queries.version(engine, result.budget_id)
    assert info is not None and info.version_id == result.version_id
    doc = queries.document(engine, info.document_id)
    assert doc is not None and doc.content == SAMPLE.encode("utf-8")
    assert doc.sha256 == hashlib.sha256(doc.content).hexdigest() == info.sha256

    stored = queries.disclosure(engine, result.version_id)
    assert stored is not None
    assert stored == disclosure  # tables, projects and the budget itself survive the round trip
    assert stored.tables["general_budget_expenditure"].value("total", "total") == (
        disclosure.tables["general_budget_expenditure"].value("total", "total")
    )
    found = queries.findings(engine, result.version_id)
    assert [f.to_dict() for f in found] == audit["findings"]
    assert queries.parse_report(engine, result.version_id) == {"pages": 3}
    assert queries.audit_summary(engine, result.version_id) == {"rules": 3}


def test_reupload_adds_a_version_and_keeps_the_old_one(engine: Engine) -> None:
    first = import_disclosure(engine, *source(SAMPLE), audit_report=report())
    changed_src, changed = source(variant(bump=True), "atushi-2023-v2.yaml")
    second = import_disclosure(
        engine, changed_src, changed, audit_report=report(finding("R1", "error"))
    )
    assert second.budget_id == first.budget_id
    assert (first.number, second.number) == (1, 2)
    history = queries.versions(engine, first.budget_id)
    assert [(v.number, v.filename, v.errors) for v in history] == [
        (1, "atushi-2023.yaml", 0),
        (2, "atushi-2023-v2.yaml", 1),
    ]
    latest = queries.version(engine, first.budget_id)
    assert latest is not None and latest.number == 2
    old = queries.disclosure(engine, first.version_id)
    new = queries.disclosure(engine, second.version_id)
    assert old is not None and new is not None
    old_total = old.tables["expenditure"].value("total", "total")
    new_total = new.tables["expenditure"].value("total", "total")
    assert old_total is not None and new_total is not None
    assert new_total - old_total == 10


def test_identical_bytes_are_recognised_and_write_nothing(engine: Engine) -> None:
    first = import_disclosure(engine, *source(SAMPLE), audit_report=report())
    before = counts(engine)
    again = import_disclosure(engine, *source(SAMPLE, "renamed.yaml"), audit_report=report())
    assert again.duplicate and again.version_id == first.version_id and again.number == 1
    assert counts(engine) == before


def test_a_failing_import_leaves_nothing_half_written(engine: Engine) -> None:
    broken = report(finding("R1", "error"), {**finding("R2", "error"), "rule": None})
    with pytest.raises(StoreError, match="未保存任何内容"):
        import_disclosure(engine, *source(SAMPLE), audit_report=broken)
    assert set(counts(engine).values()) == {0}

    import_disclosure(engine, *source(SAMPLE), audit_report=report())
    before = counts(engine)
    with pytest.raises(StoreError):
        import_disclosure(
            engine, *source(variant(bump=True), "v2.yaml"), audit_report=broken, parse_report={}
        )
    assert counts(engine) == before  # version 1 intact, no orphan document or version 2


def test_document_without_department_is_stored_under_a_placeholder_name(engine: Engine) -> None:
    src, disclosure = source(SAMPLE, "上传.pdf")
    unnamed = disclosure.model_copy(update={"department": None})
    first = import_disclosure(engine, src, unnamed)
    assert first.department == "（未识别部门）上传.pdf" and first.number == 1
    bumped_src, bumped = source(variant(bump=True), "上传.pdf")
    second = import_disclosure(engine, bumped_src, bumped.model_copy(update={"department": None}))
    assert (second.department, second.number) == (first.department, 2)  # a new version
    assert second.budget_id == first.budget_id


def test_document_without_year_is_refused(engine: Engine) -> None:
    src, disclosure = source(SAMPLE)
    with pytest.raises(StoreError, match="预算年度"):
        import_disclosure(engine, src, disclosure.model_copy(update={"year": None}))
    assert set(counts(engine).values()) == {0}


def test_list_filters_by_department_year_and_errors(engine: Engine) -> None:
    import_disclosure(engine, *source(SAMPLE), audit_report=report(finding("R", "error")))
    import_disclosure(engine, *source(variant(year=2024), "a-2024.yaml"), audit_report=report())
    import_disclosure(
        engine,
        *source(variant(name="阿图什市财政局"), "caizheng.yaml"),
        audit_report=report(*(finding(f"R{i}", "error") for i in range(3))),
    )
    every = queries.list_budgets(engine)
    assert [(b.department, b.year, b.errors) for b in every] == [
        (DEPARTMENT, 2024, 0),
        (DEPARTMENT, 2023, 1),
        ("阿图什市财政局", 2023, 3),
    ]
    assert {b.department for b in queries.list_budgets(engine, department="财政")} == {
        "阿图什市财政局"
    }
    assert [b.year for b in queries.list_budgets(engine, year=2024)] == [2024]
    assert [b.errors for b in queries.list_budgets(engine, min_errors=1)] == [1, 3]
    assert [b.errors for b in queries.list_budgets(engine, max_errors=0)] == [0]
    assert queries.list_budgets(engine, department="%") == []  # LIKE wildcards are literal
    assert queries.departments(engine) == sorted([DEPARTMENT, "阿图什市财政局"])
    assert queries.years(engine) == [2023, 2024]
    assert queries.count_budgets(engine) == 3
    dept_id = every[0].department_id
    assert queries.find_budget(engine, dept_id, 2024) == every[0].budget_id
    assert queries.find_budget(engine, dept_id, 2022) is None


def test_latest_version_decides_the_error_filter(engine: Engine) -> None:
    first = import_disclosure(engine, *source(SAMPLE), audit_report=report(finding("R", "error")))
    import_disclosure(engine, *source(variant(bump=True), "fixed.yaml"), audit_report=report())
    [only] = queries.list_budgets(engine)
    assert (only.budget_id, only.versions, only.errors, only.filename) == (
        first.budget_id,
        2,
        0,
        "fixed.yaml",
    )
    assert queries.list_budgets(engine, min_errors=1) == []


def test_concurrent_imports_of_one_new_budget_all_land_as_distinct_versions(
    engine: Engine,
) -> None:
    texts = [variant(name="并发测试局").replace("361.39}", f"{361 + i}.39}}", 1) for i in range(6)]
    prepared = [source(t, f"v{i}.yaml") for i, t in enumerate(texts)]
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(prepared))

    def run(src: SourceFile, disclosure: Disclosure) -> None:
        barrier.wait()
        try:
            results.append(import_disclosure(engine, src, disclosure, audit_report=report()))
        except BaseException as exc:  # collected and shown below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=p) for p in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(r.number for r in results) == [1, 2, 3, 4, 5, 6]
    assert len({r.budget_id for r in results}) == 1
    assert queries.departments(engine) == ["并发测试局"]


# --- a document uploaded as several files ------------------------------------------------------

NARRATIVE = "第一部分 部门概况\n说明的文字\n".encode()
TABLES = b"%PDF-1.7\n% the tables, as bytes a text decoder would not keep: \xff\xfe\x00\x01\n"


def combined(*parts: tuple[bytes, str]) -> CombinedSource:
    """Files as :func:`yusuan.web.ingest.analyse_together` makes them: kinds, spans."""
    files, line, page = [], 1, 1
    for content, name in parts:
        pdf = content.startswith(b"%PDF-")
        lines = content.count(b"\n")
        files.append(
            SourceFile(
                content,
                name,
                "pdf" if pdf else "pdf_text",
                "application/pdf" if pdf else "text/plain; charset=utf-8",
                lines=(line, line + lines - 1),
                pages=(page, page + 2) if pdf else None,
            )
        )
        line += lines
        page += 3 if pdf else 0
    return CombinedSource(tuple(files))


def test_a_document_of_several_files_keeps_each_original(engine: Engine) -> None:
    _, disclosure = source(SAMPLE)
    src = combined((NARRATIVE, "说明.txt"), (TABLES, "表格.pdf"))
    result = import_disclosure(engine, src, disclosure, audit_report=report())
    info = queries.version(engine, result.budget_id)
    assert info is not None and info.kind == "combined"
    assert info.filename == "说明.txt + 表格.pdf" and info.size == len(NARRATIVE) + len(TABLES)
    assert [(f.position, f.filename, f.kind, f.size) for f in info.files] == [
        (1, "说明.txt", "pdf_text", len(NARRATIVE)),
        (2, "表格.pdf", "pdf", len(TABLES)),
    ]
    assert [(f.first_line, f.last_line, f.first_page, f.last_page) for f in info.files] == [
        (1, 2, None, None),
        (3, 4, 1, 3),
    ]
    assert [f.sha256 for f in info.files] == [
        hashlib.sha256(NARRATIVE).hexdigest(),
        hashlib.sha256(TABLES).hexdigest(),
    ]
    # each original comes back byte for byte, with its name and media type, in order
    stored = queries.originals(engine, info.document_id)
    assert [(d.filename, d.media_type, d.content) for d in stored] == [
        ("说明.txt", "text/plain; charset=utf-8", NARRATIVE),
        ("表格.pdf", "application/pdf", TABLES),
    ]
    second = queries.original(engine, info.document_id, 2)
    assert second is not None and second.content == TABLES
    assert queries.original(engine, info.document_id, 3) is None
    assert counts(engine)["source_files"] == 2
    # the same files again, under other names: recognised, nothing written
    before = counts(engine)
    again = import_disclosure(
        engine,
        combined((NARRATIVE, "a.txt"), (TABLES, "b.pdf")),
        disclosure,
        audit_report=report(),
    )
    assert again.duplicate and again.version_id == result.version_id
    assert counts(engine) == before
    # in the other order the lines are numbered otherwise: a new version
    swapped = import_disclosure(
        engine,
        combined((TABLES, "表格.pdf"), (NARRATIVE, "说明.txt")),
        disclosure,
        audit_report=report(),
    )
    assert not swapped.duplicate and swapped.number == 2
    latest = queries.version(engine, result.budget_id)
    assert latest is not None
    assert [f.filename for f in latest.files] == ["表格.pdf", "说明.txt"]


def test_a_single_file_is_its_documents_only_original(engine: Engine) -> None:
    result = import_disclosure(engine, *source(SAMPLE))
    info = queries.version(engine, result.budget_id)
    assert info is not None
    [only] = info.files
    assert (only.position, only.filename, only.kind, only.first_line) == (
        1,
        "atushi-2023.yaml",
        "budget_yaml",
        None,
    )
    first = queries.original(engine, info.document_id, 1)
    assert first is not None and first.content == SAMPLE.encode("utf-8")
    assert queries.original(engine, info.document_id, 2) is None
    assert [d.content for d in queries.originals(engine, info.document_id)] == [first.content]
    assert counts(engine)["source_files"] == 0


def test_a_failing_second_file_stores_nothing(engine: Engine) -> None:
    _, disclosure = source(SAMPLE)
    good = combined((NARRATIVE, "说明.txt"), (TABLES, "表格.pdf"))
    broken = CombinedSource((good.files[0], SourceFile(TABLES, "表格.pdf", None, "x")))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="未保存任何内容"):
        import_disclosure(engine, broken, disclosure, audit_report=report(finding("R", "error")))
    assert set(counts(engine).values()) == {0}  # no document, file, version or finding left
    with pytest.raises(ValueError, match="at least two"):
        CombinedSource(good.files[:1])


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def test_documents_stored_before_source_files_stay_readable(engine: Engine) -> None:
    """A store at the first schema holding a document and a combined upload as it was kept
    then (one row: the text its line numbers count), migrated to the current schema."""
    text = "第一部分\n说明\n第二部分\n表格\n"
    old_combined = SourceFile(text.encode(), "说明.txt + 表格.txt", "pdf_text", "text/plain")
    first = import_disclosure(engine, *source(SAMPLE), audit_report=report())
    _, bumped = source(variant(bump=True))
    second = import_disclosure(engine, old_combined, bumped, audit_report=report())
    _downgrade(engine, "0001")  # such rows are all in the first schema's tables
    assert "source_files" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        rows = conn.execute(select(DocumentRow.filename).order_by(DocumentRow.id)).all()
    assert [r.filename for r in rows] == ["atushi-2023.yaml", "说明.txt + 表格.txt"]
    migrate(engine)
    assert "source_files" in inspect(engine).get_table_names()
    one = queries.version(engine, first.budget_id, 1)
    two = queries.version(engine, first.budget_id, 2)
    assert one is not None and two is not None
    assert [(f.filename, f.kind) for f in one.files] == [("atushi-2023.yaml", "budget_yaml")]
    assert [(f.filename, f.kind) for f in two.files] == [("说明.txt + 表格.txt", "pdf_text")]
    assert [d.content for d in queries.originals(engine, two.document_id)] == [text.encode()]
    original = queries.original(engine, one.document_id, 1)
    assert original is not None and original.content == SAMPLE.encode("utf-8")
    assert queries.disclosure(engine, second.version_id) == bumped
    # and the migrated store takes a document of several files beside them
    third = import_disclosure(engine, combined((NARRATIVE, "a.txt"), (TABLES, "b.pdf")), bumped)
    assert third.number == 3 and counts(engine)["source_files"] == 2
