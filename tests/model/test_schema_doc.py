"""docs/budget-file.md: generated from the models, not stale, and its example loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yusuan.model import Budget, BudgetFileError, load_budget_text
from yusuan.model.schema import json_schema, main, missing_terms, models, reference_markdown

DOC = Path(__file__).parents[2] / "docs" / "budget-file.md"


def test_every_field_has_a_chinese_term() -> None:
    assert missing_terms() == []


def test_the_document_is_not_stale() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert reference_markdown() in text, (
        "docs/budget-file.md 已过期：运行 python -m yusuan.model.schema --write docs/budget-file.md"
    )


def test_every_key_of_every_record_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for model in models():
        assert f"(`{model.__name__}`)" in text
        for name in model.model_fields:
            assert f"| `{name}` |" in text, f"{model.__name__}.{name}"


def test_the_example_loads_and_has_the_documented_shape() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example
    budget = load_budget_text(example.group(1), "docs/budget-file.md")
    assert isinstance(budget, Budget)
    assert budget.projects[0].amount == budget.projects[0].total
    assert len(budget.projects[1].lines) == 2


def test_quoted_error_example_is_what_the_loader_says() -> None:
    text = DOC.read_text(encoding="utf-8")
    quoted = "basic[1].amount: 金额最多两位小数（万元）：1.234"
    assert quoted in text
    bad = """year: 2023
department: {name: 甲}
basic:
  - {functional_code: "2013101", economic_code: "30101", amount: 1.00}
  - {functional_code: "2013101", economic_code: "30102", amount: 1.234}
"""
    with pytest.raises(BudgetFileError) as caught:
        load_budget_text(bad, "budget.yaml")
    assert str(caught.value) == f"budget.yaml:5: {quoted}"


def test_json_schema_names_the_top_level_keys() -> None:
    schema = json_schema()
    assert set(Budget.model_fields) == set(schema["properties"])
    assert schema["required"] == ["year", "department"]


def test_write_refuses_a_file_without_markers(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    target.write_text("# 无标记\n", encoding="utf-8")
    assert main(["--write", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "# 无标记\n"
