"""The budget page names a finding's place in the words printed on the page, not internal keys."""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path

from web_support import SAMPLE, auth

from yusuan.cli._demo_audit import write_planted_workbook
from yusuan.model import load_budget_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_table_findings_show_row_and_column_labels(client: TestClient, tmp_path: Path) -> None:
    workbook = tmp_path / "含错误.xlsx"
    write_planted_workbook(load_budget_text(SAMPLE), workbook)
    r = client.post(
        "/api/budgets", files={"file": (workbook.name, workbook.read_bytes())}, headers=auth()
    )
    assert r.status_code == 201, r.text
    page = client.get(r.json()["url"]).text
    places = [
        " ".join(unescape(m).split())
        for m in re.findall(r'<small class="where">(.*?)</small>', page, re.S)
    ]
    # 表5 行政运行 合计 was changed by one digit: the place reads as the printed table does.
    assert any(p.startswith("表5 “201 31 01 行政运行”行 “合计”列") for p in places), places
    for place in places:
        assert "“total" not in place and "_" not in place, place
        assert not re.search(r"“\d{5,7}”行", place), place
