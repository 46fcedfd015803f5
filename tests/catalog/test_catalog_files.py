"""The catalog data files: well-formed, consistent, and true to the documents we have."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pytest

from yusuan.catalog import (
    Catalog,
    CodeKind,
    available_years,
    display_code,
    level_of,
    load_catalog,
    parent_of,
)

DATA = Path(str(resources.files("yusuan").joinpath("data", "catalog")))
SEED = Path(__file__).resolve().parents[3] / "shared" / Path("seeds/000_2b87194ee213430c.txt")
OBSERVED = Path(__file__).resolve().parents[3] / "shared" / Path("catalog/observed_codes.csv")
FILES = sorted(DATA.glob("*/*.csv"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _kind(path: Path) -> CodeKind:
    return CodeKind(path.stem)


def test_every_year_has_both_files_and_a_readme() -> None:
    years = available_years()
    assert 2023 in years
    for year in years:
        for name in ("functional.csv", "economic.csv", "README.md"):
            assert (DATA / str(year) / name).is_file(), f"{year}/{name}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_is_well_formed(path: Path) -> None:
    rows = _rows(path)
    assert rows, "empty catalog file"
    assert list(rows[0]) == ["code", "name", "level", "parent", "source"]
    codes = Counter(r["code"] for r in rows)
    assert [c for c, n in codes.items() if n > 1] == []
    kind = _kind(path)
    for row in rows:
        code = row["code"]
        assert row["name"].strip(), code
        assert row["source"].strip(), code
        assert row["name"] == row["name"].strip(), code
        assert level_of(kind, code) == row["level"], code
        assert (row["parent"] or None) == parent_of(code), code


@pytest.mark.parametrize("year", available_years())
@pytest.mark.parametrize("kind", list(CodeKind))
def test_every_parent_exists(year: int, kind: CodeKind) -> None:
    catalog = load_catalog(year)
    table = catalog.table(kind)
    orphans = [e.code for e in table.values() if e.parent and e.parent not in table]
    assert orphans == []


@pytest.mark.parametrize("year", available_years())
def test_every_year_lists_the_categories_tables_1_and_4_need(year: int) -> None:
    catalog = load_catalog(year)
    functional = {e.code for e in catalog.categories(CodeKind.functional)}
    economic = {e.code for e in catalog.categories(CodeKind.economic)}
    assert {"201", "208", "210", "221", "229"} <= functional
    assert {"301", "302", "303", "310", "399"} <= economic


def test_completeness_figures_in_the_2023_readme_are_true() -> None:
    catalog = load_catalog(2023)
    readme = (DATA / "2023" / "README.md").read_text(encoding="utf-8")
    counts: dict[CodeKind, Counter[str]] = defaultdict(Counter)
    for entry in catalog:
        counts[entry.kind][entry.level] += 1
    f, e = counts[CodeKind.functional], counts[CodeKind.economic]
    assert f"| 支出功能分类 | {f['类']} (all) | {f['款']} | {f['项']} |" in readme
    assert f"| 部门预算支出经济分类 | {e['类']} (all) | {e['款']} | — |" in readme


def _seed_codes() -> dict[str, set[str]]:
    """Every (code, name) the seed's tables print: ``201 31 01 行政运行 …``."""
    pattern = re.compile(r"^(\d{3}(?: \d{2}){0,2}) ([^\d\s]+)")
    found: dict[str, set[str]] = defaultdict(set)
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match and match.group(1)[:1] in "23":
            code = match.group(1).replace(" ", "")
            found[code].add(match.group(2).replace("岀", "出"))  # a glyph variant in the PDF
    return found


def test_the_seeds_codes_resolve_to_the_seeds_names() -> None:
    catalog = load_catalog(2023)
    seed = _seed_codes()
    assert len(seed) > 50  # the seed prints all 类 and the codes its tables use
    for code, names in seed.items():
        kind = CodeKind.economic if code.startswith("3") else CodeKind.functional
        assert catalog.name(kind, code) in names, (code, names)


def test_2023_agrees_with_every_observed_name_it_shares() -> None:
    """Where the 2024–2026 documents print a 2023 code, they print the 2023 name."""
    catalog = load_catalog(2023)
    jiangsu_2019 = {"12", "13", "14", "15", "16"}
    with OBSERVED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    checked = 0
    for row in rows:
        if row["kind"] == "gov_econ" or set(row["doc_ids"].split()) <= jiangsu_2019:
            continue
        kind = CodeKind.functional if row["kind"] == "function" else CodeKind.economic
        name = catalog.name(kind, row["code"])
        if name is not None:
            assert name == row["most_common_name"], row["code"]
            checked += 1
    assert checked > 150


def test_known_names_by_year() -> None:
    f = CodeKind.functional
    assert load_catalog(2019).name(f, "20805") == "行政事业单位离退休"
    assert load_catalog(2023).name(f, "20805") == "行政事业单位养老支出"
    assert load_catalog(2023).name(f, "2013101") == "行政运行"
    assert load_catalog(2023).name(CodeKind.economic, "30231") == "公务用车运行维护费"
    # 社会工作事务 is a 2024 code: not in 2023, present from 2024
    assert load_catalog(2023).get(f, "20139") is None
    assert load_catalog(2024).name(f, "20139") == "社会工作事务"


def test_unknown_codes_return_none() -> None:
    catalog = load_catalog(2023)
    for code in ("9999999", "2019998", "", "abc", "201 31 01", "3019"):
        assert catalog.get(CodeKind.functional, code) is None
        assert catalog.name(CodeKind.economic, code) is None
    assert level_of(CodeKind.functional, "abc") is None
    assert level_of(CodeKind.economic, "2013101") is None


def test_later_years_fall_back_to_the_latest_earlier_catalog() -> None:
    later = load_catalog(2025)
    assert later.year == max(y for y in available_years() if y <= 2025)
    assert later.name(CodeKind.functional, "2013101") == "行政运行"
    assert load_catalog(2099).year == max(available_years())
    # before the first year: the earliest catalog, not a crash
    assert load_catalog(1990).year == min(available_years())


def test_2024_inherits_2023_and_adds_its_own() -> None:
    c2023, c2024 = load_catalog(2023), load_catalog(2024)
    assert set(c2023.functional) < set(c2024.functional)
    assert set(c2023.economic) < set(c2024.economic)
    assert c2024.name(CodeKind.economic, "30311") == "代缴社会保险费"


def test_with_entries_adds_a_budgets_own_codes() -> None:
    from yusuan.catalog import CatalogEntry

    base = load_catalog(2023)
    extra = CatalogEntry("2019998", "测试科目", "项", "20199", CodeKind.functional, "budget file")
    merged: Catalog = base.with_entries([extra])
    assert merged.name(CodeKind.functional, "2019998") == "测试科目"
    assert base.get(CodeKind.functional, "2019998") is None


@pytest.mark.parametrize(
    ("code", "shown"),
    [("201", "201"), ("20131", "201 31"), ("2013101", "201 31 01"), ("30231", "302 31")],
)
def test_display_code(code: str, shown: str) -> None:
    assert display_code(code) == shown


def test_completeness_table_in_docs_is_true() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "catalog.md").read_text(encoding="utf-8")
    for year in available_years():
        catalog = load_catalog(year)
        f = Counter(e.level for e in catalog.functional.values())
        e = Counter(e.level for e in catalog.economic.values())
        figures = f"| {f['类']} / {f['款']} / {f['项']} | {e['类']} / {e['款']} |"
        row = next((ln for ln in doc.splitlines() if ln.startswith(f"| {year} |")), None)
        assert row is not None, f"docs/catalog.md has no row for {year}"
        assert figures in row, (year, figures, row)
