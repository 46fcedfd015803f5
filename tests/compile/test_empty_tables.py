"""A table with no data is still published, empty, with a note saying why (空表并说明)."""

from __future__ import annotations

from pathlib import Path

import pytest

import yusuan
from yusuan.compile import compile_tables
from yusuan.model import load_budget

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"


def test_a_budget_with_only_basic_expenditure_notes_its_empty_tables() -> None:
    sample = load_budget(SAMPLE)
    budget = sample.model_copy(update={"projects": (), "performance_targets": ()})
    tables = {t.key: t for t in compile_tables(budget)}
    projects = tables["general_budget_projects"]
    assert projects.is_empty
    assert projects.note == (
        f"{sample.department.name} 2023 年没有一般公共预算项目支出，"
        "一般公共预算项目支出情况表为空表。"
    )
    assert tables["general_budget_basic"].note is None  # basic expenditure is there


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("general_budget_expenditure", "没有一般公共预算拨款安排的支出"),
        ("general_budget_basic", "没有一般公共预算基本支出"),
        ("general_budget_projects", "没有一般公共预算项目支出"),
        ("three_public", "没有财政拨款安排的“三公”经费支出"),
    ],
)
def test_a_budget_funded_only_by_unit_funds_notes_every_general_budget_table(
    key: str, words: str
) -> None:
    sample = load_budget(SAMPLE)
    unit_only = sample.model_copy(
        update={
            "basic": tuple(b.model_copy(update={"source": "other_income"}) for b in sample.basic),
            "projects": tuple(
                p.model_copy(update={"source": "other_income"}) for p in sample.projects
            ),
            "performance_targets": (),
        }
    )
    table = {t.key: t for t in compile_tables(unit_only)}[key]
    assert table.is_empty
    assert table.note is not None and words in table.note


def test_tables_with_data_carry_no_empty_note() -> None:
    for table in compile_tables(load_budget(SAMPLE)):
        assert (table.note is not None) == table.is_empty, table.title
