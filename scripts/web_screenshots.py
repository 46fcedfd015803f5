"""Screenshots of every page of the web app, for docs/screenshots/ (run by hand).

    .venv/bin/python scripts/web_screenshots.py [OUT_DIR]

Starts the app on a free loopback port with a temporary SQLite file, uploads the seed text
and a second year of the sample, and photographs each page with Debian's chromium.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from yusuan.audit import audit
from yusuan.compile import disclose
from yusuan.model import load_budget_text
from yusuan.store import SourceFile, import_disclosure
from yusuan.web import Settings, create_app

SEED = Path(__file__).resolve().parents[2] / "shared" / Path("seeds/000_2b87194ee213430c.txt")
TOKEN = "screenshot-token"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]


def _misprinted(app: Any, sample: str) -> int:
    """2022: the sample as if printed with one wrong cell in 表5 (to show a table finding)."""
    d = disclose(load_budget_text(sample, "misprinted.txt"))
    table = d.tables["general_budget_expenditure"]
    rows = tuple(
        r.model_copy(update={"values": {**r.values, "total": Decimal("4468.47")}})
        if r.key == "2013101"
        else r
        for r in table.rows
    )
    d = d.model_copy(
        update={
            "origin": "parsed",
            "year": 2022,
            "budget": None,
            "tables": {**d.tables, table.key: table.model_copy(update={"rows": rows})},
        }
    )
    source = SourceFile(b"misprinted", "misprinted.txt", "pdf_text", "text/plain")
    return import_disclosure(app.state.engine, source, d, audit_report=audit(d).to_dict()).budget_id


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{tmp}/web.sqlite", admin_token=TOKEN))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        sample = resources.files("yusuan.samples").joinpath("atushi-2023.yaml").read_text("utf-8")
        next_year = sample.replace("year: 2023\n", "year: 2024\ncatalog_year: 2023\n", 1)
        next_year = next_year.replace("amount: 361.39}", "amount: 401.39}", 1)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        files = {"file": ("atushi-2024.yaml", next_year.encode())}
        b2024 = httpx.post(f"{base}/api/budgets", files=files, headers=auth).json()["budget_id"]
        seed = httpx.post(
            f"{base}/api/budgets", files={"file": (SEED.name, SEED.read_bytes())}, headers=auth
        ).json()
        misprinted = _misprinted(app, sample)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")

            def shot(name: str, full: bool = False) -> None:
                page.screenshot(path=str(out / f"web-{name}.png"), full_page=full)
                print(out / f"web-{name}.png")

            page.goto(base)
            shot("list")
            page.goto(f"{base}/budgets/{seed['budget_id']}?version={seed['version']}")
            shot("budget")
            page.locator("#charts").scroll_into_view_if_needed()
            page.wait_for_selector('#chart-sources[data-drawn="1"]')
            page.evaluate("document.getElementById('charts').scrollIntoView()")
            shot("charts")
            page.goto(f"{base}/budgets/{b2024}")
            page.wait_for_selector('#chart-yoy[data-drawn="1"]')
            page.evaluate("document.getElementById('chart-yoy').scrollIntoView({block:'center'})")
            shot("year-over-year")
            page.evaluate(
                "document.getElementById('table-general_budget_projects').scrollIntoView()"
            )
            shot("tables")
            page.goto(f"{base}/budgets/{seed['budget_id']}?version={seed['version']}")
            page.locator("li.finding.sev-error a.goto-line").first.click()
            page.wait_for_load_state()
            shot("finding-line")
            page.goto(f"{base}/budgets/{misprinted}")
            page.locator('a.goto[data-table="5"]').first.click()
            page.wait_for_selector("tr.ys-hit")
            shot("finding-row")
            page.goto(f"{base}/compare?a={seed['budget_id']}&b={b2024}&changes=1")
            shot("compare")
            page.goto(f"{base}/login?next=/upload")
            page.fill("input[name=token]", TOKEN)
            page.click("form.card button[type=submit]")
            page.wait_for_url(f"{base}/upload")
            shot("upload")
            page.goto(f"{base}/docs")
            page.wait_for_selector(".opblock")
            shot("api-docs")
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
