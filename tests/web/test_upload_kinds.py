"""Upload kinds the reader cannot read are refused with what to upload instead."""

from __future__ import annotations

import warnings

from web_support import auth

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_an_html_page_is_refused_as_unsupported(client: TestClient) -> None:
    # A disclosure.html names a department and a year, so it used to pass as "PDF text"
    # and be audited with its markup as prose.
    page = (
        "<!DOCTYPE html><html><body><h1>某县信访局 2023 年部门预算</h1>"
        "<p>编制部门：某县信访局 单位：万元</p><p>收支总预算 72.85 万元。</p></body></html>"
    )
    r = client.post(
        "/api/budgets", files={"file": ("公开.txt", page.encode("utf-8"))}, headers=auth()
    )
    assert r.status_code == 415, r.text
    assert "HTML 网页暂不能读取" in r.json()["detail"]
    assert client.get("/api/budgets").json()["count"] == 1  # only the built-in sample
