"""The auditor on the seed (a real published document) and through the command line."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan.audit import AuditReport, audit
from yusuan.audit.docs import rules_markdown
from yusuan.cli import app

SEED = Path(__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
ROOT = Path(__file__).parents[2]


@cache
def seed_report() -> AuditReport:
    from yusuan.parse import parse_file

    return audit(parse_file(SEED).disclosure)


def _found(rule: str, *words: str) -> bool:
    return any(
        f.rule == rule and all(w in f.message for w in words) for f in seed_report().findings
    )


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_seed_mistakes_found_by_general_rules() -> None:
    assert _found("PRS-023", "2.37%", "2.36%")  # share nudged so the four add up to 100
    assert _found("PRJ-005", "项目16", "预算安排规模")  # printed twice
    assert _found("PRJ-006", "项目16", "项目17")  # the duplicate belongs to project 17
    assert _found("PRJ-004", "项目17", "预算安排规模")  # 17 lost its amount
    assert _found("TXT-003", "2.")  # "线路改造 2. 万元"
    assert _found("TXT-006", "0 家", "3 家事业单位")  # vs "无下属预算单位"
    assert _found("CAT-006", "234", "抗疫特别国债还本支出")
    assert _found("PRF-007", "搬迁项目")
    assert _found("TXT-005", "UPS", "USB")


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_seed_identities_that_hold_raise_nothing() -> None:
    summary = seed_report().summary
    assert summary["table_arithmetic"]["failed"] == 0
    assert summary["cross_table"]["failed"] == 0


def test_docs_rules_md_is_up_to_date() -> None:
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run python -m yusuan.audit.docs"
    )


def test_cli_audits_the_sample_budget_as_json_with_exit_0() -> None:
    sample = ROOT / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
    result = CliRunner().invoke(app, ["audit", str(sample), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"document", "summary", "findings"}
    assert all(f["severity"] == "info" for f in data["findings"])


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_cli_exits_1_on_errors_and_prints_places() -> None:
    result = CliRunner().invoke(app, ["audit", str(SEED)])
    assert result.exit_code == 1
    assert "PRS-023" in result.output and "错误" in result.output


def test_cli_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("year: [", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(bad)])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2


def test_cli_html(tmp_path: Path) -> None:
    sample = ROOT / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
    result = CliRunner().invoke(app, ["audit", str(sample), "--format", "html"])
    assert result.exit_code == 0
    assert result.output.startswith("<!doctype html>") and "表内运算" in result.output


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_seed_variant_character_found_at_its_source_line() -> None:
    """The reader normalises 岀 to 出; the audit of the source lines still sees it."""
    from yusuan.audit.core import with_source_lines
    from yusuan.parse import parse_file

    result = parse_file(SEED)
    raw = SEED.read_text(encoding="utf-8").splitlines()
    d = with_source_lines(result.disclosure, raw, [ln.no for ln in result.document.lines])
    findings = [f for f in audit(d).findings if f.rule == "TXT-002"]
    line = next(i for i, text in enumerate(raw, start=1) if "支岀" in text)
    assert any(f.location.line == line and "岀" in f.message for f in findings)
    cat = next(f for f in audit(d).findings if f.rule == "CAT-006")
    assert "还本支出" in raw[(cat.location.line or 0) - 1]


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_cli_on_seed_text_reports_source_lines() -> None:
    result = CliRunner().invoke(app, ["audit", str(SEED), "--format", "json"])
    data = json.loads(result.stdout)
    raw = SEED.read_text(encoding="utf-8").splitlines()
    txt = [f for f in data["findings"] if f["rule"] == "TXT-002"]
    assert txt and "岀" in raw[txt[0]["location"]["line"] - 1]
