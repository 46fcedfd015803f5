"""Writing a budget file and reading it back gives the same budget."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hypothesis import given, settings

from factory import budget_to_yaml, budgets, make_budget
from yusuan.model import Budget, load_budget, load_budget_text
from yusuan.model.dump import dump_budget
from yusuan.model.sources import CARRYOVER, GOVERNMENT_FUND, STATE_CAPITAL

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def test_the_sample_round_trips() -> None:
    budget = load_budget(SAMPLE)
    text = dump_budget(budget)
    again = load_budget_text(text, "dumped.yaml")
    assert again == budget
    assert dump_budget(again) == text  # stable: dumping twice gives the same text


def test_dumped_text_is_a_readable_budget_file(tmp_path: Path) -> None:
    budget = load_budget(SAMPLE)
    text = dump_budget(budget)
    assert "!!" not in text and "&" not in text.replace("&&", "")  # no tags, no anchors
    assert "functional_code: '2013101'" in text  # codes stay text
    assert "amount: 361.39" in text  # money as a plain number with two decimals
    assert "amount: 133.70" in text  # trailing zero kept
    assert "中共阿图什市委员会办公室" in text  # Chinese as is, not \u escapes
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_budget(path) == budget


def test_defaults_are_left_out() -> None:
    text = dump_budget(load_budget(SAMPLE))
    assert "source: general_budget" not in text  # the default source
    assert "不予公开" not in text  # the default basis / allocation text
    assert not re.search(r"^\s*codes: \[\]", text, re.M)


@settings(max_examples=60)
@given(budgets())
def test_generated_budgets_round_trip(budget: Budget) -> None:
    assert load_budget_text(dump_budget(budget)) == budget


def test_many_seeded_budgets_round_trip() -> None:
    for seed in range(60):
        budget = make_budget(seed)
        assert load_budget_text(budget_to_yaml(budget), f"seed-{seed}.yaml") == budget


def test_factory_is_deterministic_and_takes_overrides() -> None:
    assert make_budget(7) == make_budget(7)
    assert make_budget(7) != make_budget(8)
    assert make_budget(7, projects=()).projects == ()
    assert make_budget(7, prior_year=None).prior_year is None
    later = make_budget(7, year=2024)
    assert later.year == 2024 and later.catalog.year == 2024


def test_factory_shapes_vary() -> None:
    seen: Counter[str] = Counter()
    for seed in range(150):
        b = make_budget(seed)
        sources = {ln.source for ln in b.basic} | {
            pl.source for p in b.projects for pl in p.all_lines
        }
        seen["no projects"] += not b.projects
        seen["20+ projects"] += len(b.projects) >= 20
        seen["government fund"] += bool(sources & GOVERNMENT_FUND)
        seen["no government fund"] += not sources & GOVERNMENT_FUND
        seen["state capital"] += bool(sources & STATE_CAPITAL)
        seen["carryover"] += bool(sources & CARRYOVER)
        seen["multi-source project"] += any(p.lines for p in b.projects)
        seen["targets"] += bool(b.performance_targets)
        seen["procurement"] += b.procurement is not None
        seen["assets"] += b.assets is not None
        seen["prior"] += b.prior_year is not None
        seen["declared code"] += bool(b.codes)
        seen["institution"] += b.department.kind.value == "institution"
        seen["2024 catalog"] += b.catalog.year == 2024
    assert all(seen[k] >= 3 for k in seen), seen
    assert len(seen) == 14


def test_factory_budgets_are_clean_for_the_auditor() -> None:
    """Audit tests plant one mistake in a factory budget; the unplanted budget finds nothing."""
    from yusuan.audit.core import audit
    from yusuan.compile import disclose

    for seed in range(12):
        report = audit(disclose(make_budget(seed)))
        assert [f.message for f in report.findings] == [], seed


TRICKY = [
    "- 看起来像列表",
    "键: 值",
    "# 像注释",
    "yes",
    "null",
    "~",
    "2023-01-01",
    "0x10",
    "1e3",
    "007",
    "3.50",
    "第一行\n第二行",
    "含\t制表符",
    "引号 ' 和 \" 和 \\ 反斜杠",
    "&锚点 *别名 !标签 %指令 @ `",
    "《关于印发〈办法〉的通知》〔2023〕1 号",
    "emoji 🙂 与全角空格　在中间",
]


def test_text_that_looks_like_yaml_syntax_round_trips() -> None:
    base = make_budget(3)
    budget = Budget.model_validate(
        {
            **base.model_dump(),
            "other_matters": tuple(TRICKY),
            "department": {**base.department.model_dump(), "offices": tuple(TRICKY)},
        }
    )
    again = load_budget_text(dump_budget(budget))
    assert again.other_matters == tuple(TRICKY)
    assert again.department.offices == tuple(TRICKY)
    assert again == budget
