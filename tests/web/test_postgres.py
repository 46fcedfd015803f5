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


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
JIANGSU = [
    CORPUS / f"jiangsu_provincial-npc-standing-committee_2019_dept-budget_{part}.pdf"
    for part in ("narrative", "tables")
]


@pytest.mark.skipif(not all(p.exists() for p in JIANGSU), reason="the shared corpus is missing")
def test_a_multi_file_upload_keeps_its_originals_on_postgresql(pg_url: str) -> None:
    settings = Settings(database_url=pg_url, admin_token=TOKEN, secret="s", load_sample=False)
    with TestClient(create_app(settings)) as client:
        originals = [p.read_bytes() for p in JIANGSU]
        files = [("file", (p.name, c)) for p, c in zip(JIANGSU, originals, strict=True)]
        r = client.post("/api/budgets", files=files, headers=auth())
        assert r.status_code == 201, r.text
        budget_id = r.json()["budget_id"]
        page = client.get(f"/budgets/{budget_id}").text
        assert all(p.name in page for p in JIANGSU)
        for n, original in enumerate(originals, 1):
            got = client.get(f"/budgets/{budget_id}/download/original", params={"file": n})
            assert got.status_code == 200 and got.content == original
        stored = client.get("/api/budgets").json()["count"]
        broken = [files[0], ("file", ("坏.pdf", b"%PDF-1.7\n%%not a pdf\n"))]
        r = client.post("/api/budgets", files=broken, headers=auth())
        assert r.status_code == 422 and "坏.pdf" in r.json()["detail"]
        latest = client.get(f"/api/budgets/{budget_id}").json()
        assert len(latest["versions"]) == 1 and len(latest["latest"]["files"]) == 2
        assert client.get("/api/budgets").json()["count"] == stored
