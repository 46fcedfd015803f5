"""The app over PostgreSQL (a shared installation): the same routes on a real server."""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from web_support import DEPARTMENT, SAMPLE, TOKEN, auth, variant

from yusuan.web import Settings, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _pg() -> ModuleType:
    path = Path(__file__).parents[1] / "store" / "pg_server.py"
    spec = importlib.util.spec_from_file_location("yusuan_tests_pg_server", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    pg = _pg()
    with pg.postgres_server() as server, pg.fresh_database(server) as url:
        yield url


def test_the_app_on_postgresql(pg_url: str) -> None:
    settings = Settings(database_url=pg_url, admin_token=TOKEN, secret="s")
    with TestClient(create_app(settings)) as client:
        [sample] = client.get("/api/budgets").json()["budgets"]
        assert (sample["department"], sample["year"], sample["errors"]) == (DEPARTMENT, 2023, 0)
        files = {"file": ("b.yaml", variant(bump=True))}
        r = client.post("/api/budgets", files=files, headers=auth())
        assert r.status_code == 201 and r.json()["version"] == 2
        files = {"file": ("y.yaml", variant(year=2024))}
        r = client.post("/api/budgets", files=files, headers=auth())
        assert r.status_code == 201
        assert [b["year"] for b in client.get("/api/budgets?year=2024").json()["budgets"]] == [2024]
        page = client.get(f"/budgets/{r.json()['budget_id']}")
        assert page.status_code == 200 and "与 2023 年比较" in page.text
        original = client.get("/budgets/1/download/original?version=1").content
        assert original == SAMPLE.encode("utf-8")
        diffs = client.get("/api/compare?a=1&b=1&va=1&vb=2&changes=true").json()["differences"]
        assert any(d["difference"] == "10.00" for d in diffs)
    with TestClient(create_app(settings)) as again:  # a restart neither migrates twice nor reseeds
        assert again.get("/api/budgets").json()["count"] == 2
