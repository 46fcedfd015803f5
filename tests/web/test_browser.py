"""The pages in a real browser: Debian's chromium driven by Playwright, headless.

A uvicorn server runs the app on a free loopback port with a fresh SQLite file.  The tests
do what a reviewer does: log in, upload the seed text, read its findings, click one and land
on the line or row it points at, look at the charts, download the workbook and open it;
upload a disclosure published as two PDFs and download each original back.
"""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from openpyxl import load_workbook
from web_support import SAMPLE, TOKEN, auth, variant

from yusuan.audit import audit
from yusuan.compile import disclose
from yusuan.model import load_budget_text
from yusuan.store import SourceFile, import_disclosure, queries
from yusuan.web import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
SEED = Path(__file__).resolve().parents[3] / "shared" / Path("seeds/000_2b87194ee213430c.txt")
JIANGSU = [
    SEED.parents[1]
    / "corpus"
    / f"jiangsu_provincial-npc-standing-committee_2019_dept-budget_{p}.pdf"
    for p in ("narrative", "tables")
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    message = "找不到 /usr/bin/chromium：请安装 Debian 软件包 chromium（make test 会自动安装）"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {"executable_path": str(CHROMIUM), "headless": True, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args() -> dict[str, Any]:
    return {"viewport": {"width": 1400, "height": 900}, "accept_downloads": True, "locale": "zh-CN"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tampered_into(app: Any) -> int:
    """A parsed-looking document whose 表5 “201 31 01” total is misprinted by 1.00."""
    d = disclose(load_budget_text(SAMPLE, "tampered.txt"))
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
    source = SourceFile(b"tampered", "tampered.txt", "pdf_text", "text/plain")
    return import_disclosure(app.state.engine, source, d, audit_report=audit(d).to_dict()).budget_id


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    db = tmp_path_factory.mktemp("browser") / "web.sqlite"
    app = create_app(Settings(database_url=f"sqlite:///{db}", admin_token=TOKEN))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("测试服务器未能启动")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(10)


def _login(page: Any, base: str) -> None:
    page.goto(f"{base}/upload")
    assert page.url.startswith(f"{base}/login")
    page.fill("input[name=token]", TOKEN)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base}/upload")


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            """el => { const r = el.getBoundingClientRect();
                       return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
        )
    )


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed document is not on this machine")
def test_upload_the_seed_text_and_land_on_a_finding(server: tuple[str, Any], page: Any) -> None:
    base, _app = server
    _login(page, base)
    page.set_input_files("input[type=file]", str(SEED))
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/budgets/*?version=*&uploaded=1")
    assert "已上传并保存为第" in page.inner_text("p.ok")
    findings = page.locator("li.finding")
    assert findings.count() > 5
    assert page.locator("li.finding.sev-error").count() > 0
    link = page.locator("li.finding.sev-error a.goto-line").first
    href = link.get_attribute("href")
    assert href and "#L" in href
    line = href.rsplit("#L", 1)[1]
    link.click()
    page.wait_for_url(f"**/source?version=*#L{line}")
    target = f"li#L{line}"
    printed = SEED.read_text("utf-8").splitlines()[int(line) - 1].strip()
    assert printed and printed in page.inner_text(target)
    assert _in_viewport(page, target)
    assert page.eval_on_selector(target, "el => el.matches(':target')")
    background = page.eval_on_selector(target, "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 229, 138)"  # the highlight of the line landed on


def test_click_a_table_finding_scrolls_to_the_row(server: tuple[str, Any], page: Any) -> None:
    base, app = server
    budget_id = _tampered_into(app)
    page.goto(f"{base}/budgets/{budget_id}")
    link = page.locator('a.goto[data-table="5"][data-row="2013101"]').first
    row = 'table[data-table="5"] tr[data-row="2013101"]'
    assert not _in_viewport(page, row)
    link.click()
    page.wait_for_function(f"document.querySelector('{row}').classList.contains('ys-hit')")
    assert _in_viewport(page, row)
    assert "4,468.47" in page.inner_text(row)
    assert page.url.endswith("#table-general_budget_expenditure")
    cell = page.eval_on_selector(row + ' td[data-col="total"]', "el => el.className")
    assert "ys-hit-cell" in cell


def _painted_pixels(page: Any, selector: str) -> int:
    return int(
        page.eval_on_selector(
            selector + " canvas",
            """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                      return n; }""",
        )
    )


def test_charts_are_drawn(server: tuple[str, Any], page: Any) -> None:
    base, _app = server
    page.goto(f"{base}/budgets/1")
    for chart in ("chart-functional", "chart-economic", "chart-basic-project", "chart-sources"):
        page.wait_for_selector(f'#{chart}[data-drawn="1"]', timeout=15_000)
        assert _painted_pixels(page, f"#{chart}") > 2000, chart


def test_year_over_year_chart_when_the_prior_year_is_stored(
    server: tuple[str, Any], page: Any
) -> None:
    base, _app = server
    files = {"file": ("2024.yaml", variant(year=2024))}
    r = httpx.post(f"{base}/api/budgets", files=files, headers=auth(), timeout=60)
    assert r.status_code == 201, r.text
    page.goto(f"{base}{r.json()['url']}")
    page.wait_for_selector('#chart-yoy[data-drawn="1"]', timeout=15_000)
    assert _painted_pixels(page, "#chart-yoy") > 2000


def test_download_the_workbook_and_open_it(server: tuple[str, Any], page: Any) -> None:
    base, _app = server
    page.goto(f"{base}/budgets/1")
    with page.expect_download() as info:
        page.click("#download-xlsx")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(book.sheetnames) == 10
    values = [c for row in book[book.sheetnames[0]].iter_rows(values_only=True) for c in row]
    assert "部门收支总体情况表" in values


@pytest.mark.skipif(not all(p.exists() for p in JIANGSU), reason="the shared corpus is missing")
def test_upload_two_pdfs_as_one_and_download_each_original(
    server: tuple[str, Any], page: Any
) -> None:
    base, _app = server
    _login(page, base)
    page.set_input_files("input[type=file]", [str(p) for p in JIANGSU])
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/budgets/*?version=*&uploaded=*")
    assert "江苏省人大常委会办公厅" in page.inner_text("h1")
    links = page.locator("#originals a.original-file")
    assert links.all_inner_texts() == [p.name for p in JIANGSU]
    for i, path in enumerate(JIANGSU):
        with page.expect_download() as info:
            links.nth(i).click()
        download = info.value
        assert download.suggested_filename == path.name
        assert Path(download.path()).read_bytes() == path.read_bytes()  # byte-identical


@pytest.mark.skipif(not JIANGSU[0].exists(), reason="the shared corpus is missing")
def test_a_failing_second_file_in_the_form_stores_nothing(
    server: tuple[str, Any], page: Any, tmp_path: Path
) -> None:
    base, app = server
    broken = tmp_path / "表格.pdf"
    broken.write_bytes(b"%PDF-1.7\n%%damaged in transfer\n")
    before = queries.list_budgets(app.state.engine)
    _login(page, base)
    page.set_input_files("input[type=file]", [str(JIANGSU[0]), str(broken)])
    page.click("form.card button[type=submit]")
    error = page.locator("#upload-error")
    error.wait_for()
    assert error.inner_text().startswith("表格.pdf：不是有效的 PDF 文件")
    assert "Traceback" not in page.content()
    assert queries.list_budgets(app.state.engine) == before  # no budget, no version added
