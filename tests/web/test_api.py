"""Every route of the web app through HTTP (httpx): reading, uploads good and bad, security."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from web_support import DEPARTMENT, SAMPLE, TOKEN, auth, variant

from yusuan.audit import audit
from yusuan.compile import disclose
from yusuan.model import load_budget_text
from yusuan.model.disclosure import Disclosure
from yusuan.store import SourceFile, import_disclosure

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROUTES = {
    "/api/budgets",
    "/api/budgets/{budget_id}",
    "/api/budgets/{budget_id}/versions/{number}",
    "/api/budgets/{budget_id}/tables",
    "/api/budgets/{budget_id}/findings",
    "/api/budgets/{budget_id}/charts",
    "/api/compare",
    "/api/departments",
}


def upload(client: TestClient, content: bytes, name: str = "budget.yaml", **kw: Any) -> Any:
    headers = kw.pop("headers", auth())
    return client.post("/api/budgets", files={"file": (name, content)}, headers=headers, **kw)


def tampered(cell_delta: Decimal = Decimal("1.00")) -> Disclosure:
    """The sample as a document whose 表5 “201 31 01” total is misprinted by ``cell_delta``."""
    d = disclose(load_budget_text(SAMPLE, "tampered.txt"))
    table = d.tables["general_budget_expenditure"]
    rows = tuple(
        r.model_copy(
            update={"values": {**r.values, "total": (r.values["total"] or 0) + cell_delta}}
        )
        if r.key == "2013101"
        else r
        for r in table.rows
    )
    fixed = table.model_copy(update={"rows": rows})
    return d.model_copy(
        update={"origin": "parsed", "tables": {**d.tables, table.key: fixed}, "budget": None}
    )


def store_tampered(client: TestClient, year: int = 2023) -> int:
    d = tampered().model_copy(update={"year": year})
    source = SourceFile(b"tampered document", "tampered.txt", "pdf_text", "text/plain")
    engine = client.app.state.engine  # type: ignore[attr-defined]
    result = import_disclosure(engine, source, d, audit_report=audit(d).to_dict())
    return result.budget_id


# --- reading ---------------------------------------------------------------------------------


def test_starts_with_the_sample_once(make_client: Any) -> None:
    first = make_client().get("/api/budgets").json()
    assert first["count"] == 1
    [b] = first["budgets"]
    assert (b["department"], b["year"], b["versions"], b["origin"]) == (
        DEPARTMENT,
        2023,
        1,
        "compiled",
    )
    assert b["audited"] and b["errors"] == 0
    again = make_client().get("/api/budgets").json()  # same database, second start
    assert again["count"] == 1


def test_openapi_lists_every_api_route_and_docs_work_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert ROUTES == {p for p in spec["paths"] if p.startswith("/api/")}
    assert "post" in spec["paths"]["/api/budgets"]
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "http" not in page.split("<body>")[1]
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


def test_budget_api_tables_findings_charts(client: TestClient) -> None:
    budget = client.get("/api/budgets/1").json()
    assert budget["latest"]["department"] == DEPARTMENT and len(budget["versions"]) == 1
    tables = client.get("/api/budgets/1/tables").json()["tables"]
    assert [t["number"] for t in tables] == list(range(1, 11))
    t3 = next(t for t in tables if t["key"] == "expenditure")
    total = next(r for r in t3["rows"] if r["key"] == "total")
    assert total["cells"][
        t3["columns"].index({"key": "total", "label": "合计", "kind": "money"})
    ] == ("5935.22")
    findings = client.get("/api/budgets/1/findings").json()
    assert findings["audited"] and findings["summary"]["rules"] > 0
    assert all(f["severity"] != "error" for f in findings["findings"])
    charts = client.get("/api/budgets/1/charts").json()
    assert sum(n["value"] for n in charts["functional"]) == pytest.approx(5935.22)
    assert {s["name"] for s in charts["basic_project"]} == {"基本支出", "项目支出"}
    assert sum(s["value"] for s in charts["sources"]) == pytest.approx(5935.22)
    assert charts["year_over_year"] is None
    version = client.get("/api/budgets/1/versions/1").json()
    assert version["disclosure"]["department"] == DEPARTMENT
    assert client.get("/api/departments").json() == {"departments": [DEPARTMENT], "years": [2023]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/budgets/99",
        "/api/budgets/1/versions/7",
        "/api/budgets/99/tables",
        "/api/budgets/99/findings",
        "/api/budgets/99/charts",
        "/api/compare?a=1&b=99",
    ],
)
def test_missing_things_are_404_in_chinese(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "没有" in r.json()["detail"]


def test_findings_point_at_rows_of_the_stated_tables(client: TestClient) -> None:
    budget_id = store_tampered(client, year=2022)
    data = client.get(f"/api/budgets/{budget_id}/findings").json()
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors, "a misprinted cell must be found"
    hit = next(f for f in errors if f["location"]["row"] == "2013101")
    assert hit["location"]["table"] == 5 and hit["actual"] == "4,468.47"
    page = client.get(f"/budgets/{budget_id}").text
    assert re.search(
        r'<a class="goto" href="#table-general_budget_expenditure" data-table="5" '
        r'data-row="2013101"',
        page,
    )
    assert 'id="table-general_budget_expenditure" data-table="5"' in page
    assert '<tr data-row="2013101"' in page
    listed = client.get("/api/budgets", params={"min_errors": 1}).json()["budgets"]
    assert [b["budget_id"] for b in listed] == [budget_id]


def test_list_filters(client: TestClient) -> None:
    assert upload(client, variant(year=2024), "a-2024.yaml").status_code == 201
    assert upload(client, variant(name="阿图什市财政局"), "cz.yaml").status_code == 201
    bad = store_tampered(client, year=2022)

    def ids(**params: Any) -> list[tuple[str, int]]:
        rows = client.get("/api/budgets", params=params).json()["budgets"]
        return [(b["department"], b["year"]) for b in rows]

    assert len(ids()) == 4
    assert ids(year=2024) == [(DEPARTMENT, 2024)]
    assert ids(department="财政局") == [("阿图什市财政局", 2023)]
    assert ids(max_errors=0) == [(DEPARTMENT, 2024), (DEPARTMENT, 2023), ("阿图什市财政局", 2023)]
    assert ids(min_errors=1) == [(DEPARTMENT, 2022)] and bad
    page = client.get("/", params={"year": "2024"}).text
    assert page.count('<tr data-budget="') == 1
    page = client.get("/", params={"min_errors": "1", "department": "阿图什"}).text
    assert page.count('<tr data-budget="') == 1 and "2022" in page
    assert client.get("/", params={"department": "不存在"}).text.count("没有符合条件的预算") == 1
    assert client.get("/api/budgets", params={"year": "abc"}).status_code == 422


# --- uploads -----------------------------------------------------------------------------------


def test_upload_needs_the_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = upload(client, variant(year=2024), headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert "令牌" in r.json()["detail"]
    assert client.get("/api/budgets").json()["count"] == 1


def test_failed_logins_are_rate_limited(make_client: Any) -> None:
    client = make_client(login_attempts=3, login_window_seconds=600)
    for _ in range(3):
        assert upload(client, b"x", headers={"Authorization": "Bearer nope"}).status_code == 401
    r = upload(client, variant(year=2024))  # even the right token waits now
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert "次数过多" in r.json()["detail"]


def test_no_configured_token_means_no_uploads(make_client: Any) -> None:
    client = make_client(admin_token=None)
    r = upload(client, variant(year=2024), headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403


def test_upload_versions_and_duplicates(client: TestClient) -> None:
    same = upload(client, SAMPLE.encode("utf-8"), "copy.yaml")
    assert same.status_code == 200 and same.json()["duplicate"] and same.json()["version"] == 1
    changed = upload(client, variant(bump=True), "v2.yaml")
    assert changed.status_code == 201
    body = changed.json()
    assert (body["budget_id"], body["version"], body["duplicate"]) == (1, 2, False)
    assert body["url"] == "/budgets/1?version=2"
    versions = client.get("/api/budgets/1").json()["versions"]
    assert [(v["number"], v["filename"]) for v in versions] == [
        (1, "atushi-2023.yaml"),
        (2, "v2.yaml"),
    ]
    old = client.get("/api/budgets/1/tables", params={"version": 1}).json()
    new = client.get("/api/budgets/1/tables").json()
    assert (old["version"], new["version"]) == (1, 2)
    assert old != new


def test_type_is_sniffed_from_content_not_name(client: TestClient) -> None:
    r = upload(client, variant(year=2024), "looks-like.pdf")
    assert r.status_code == 201
    latest = client.get(f"/api/budgets/{r.json()['budget_id']}").json()["latest"]
    assert latest["kind"] == "budget_yaml"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    r = upload(client, png, "budget.yaml")
    assert r.status_code == 415 and "不支持的文件类型" in r.json()["detail"]


def test_budget_file_written_as_json_is_sniffed_as_a_budget_file(client: TestClient) -> None:
    import yaml

    data = yaml.safe_load(variant(year=2025))
    as_json = json.dumps(data, ensure_ascii=False, default=str).encode()
    assert not as_json.lstrip().startswith(b"year")  # not found by the key-at-line-start test
    r = upload(client, as_json, "预算.json")
    assert r.status_code == 201, r.text
    latest = client.get(f"/api/budgets/{r.json()['budget_id']}").json()["latest"]
    assert latest["kind"] == "budget_yaml"


@pytest.mark.parametrize(
    ("content", "status", "words"),
    [
        (b"", 422, "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", 415, "不支持的文件类型"),
        (b"just a note, nothing about budgets", 415, "没有部门预算的内容"),
        (b"PK\x03\x04" + b"\x00" * 200, 422, "损坏"),
        (b"PK\x05\x06" + b"\x00" * 18, 415, "不支持的文件类型"),
        (b"%PDF-1.7\n%%garbage that is not a pdf\n", 422, "PDF"),
        (b"year: 2023\ndepartment:\n  name: x\nbasic: [\n", 422, "upload.bin:5"),
        (
            b"year: 2023\ndepartment: {name: x}\nbasic:\n  - {functional_code: '9999999', "
            b"economic_code: '30101', amount: 1}\n",
            422,
            "9999999",
        ),
    ],
    ids=[
        "empty",
        "png",
        "text",
        "corrupt-xlsx",
        "empty-zip",
        "corrupt-pdf",
        "broken-yaml",
        "unknown-code",
    ],
)
def test_bad_uploads_are_refused_and_store_nothing(
    client: TestClient, content: bytes, status: int, words: str
) -> None:
    r = upload(client, content, "upload.bin")
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    assert client.get("/api/budgets").json()["count"] == 1


def test_zip_that_is_not_a_workbook(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    r = upload(client, buffer.getvalue(), "book.xlsx")
    assert r.status_code == 415 and "不是 Excel" in r.json()["detail"]


def test_too_large_uploads(make_client: Any) -> None:
    client = make_client(max_upload_bytes=200_000)
    big = variant(year=2024) + b"\n# " + b"x" * 300_000 + b"\n"
    r = upload(client, big, "big.yaml")  # refused on its Content-Length
    assert r.status_code == 413 and "不能超过" in r.json()["detail"]
    # within the request limit but over the file limit (the envelope allowance)
    r = upload(client, variant(year=2024) + b"\n# " + b"x" * 205_000 + b"\n", "big.yaml")
    assert r.status_code == 413 and "过大" in r.json()["detail"]

    def chunks_with_header() -> Any:  # no Content-Length: cut off while reading
        yield b'--zz\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n\r\n'
        for _ in range(40):
            yield b"y" * 10_000

    r = client.post(
        "/api/budgets",
        content=chunks_with_header(),
        headers={**auth(), "Content-Type": "multipart/form-data; boundary=zz"},
    )
    assert r.status_code == 413
    assert client.get("/api/budgets").json()["count"] == 1


def test_missing_file_field(client: TestClient) -> None:
    r = client.post("/api/budgets", data={"other": "1"}, headers=auth())
    assert r.status_code == 422 and "file" in r.json()["detail"]


# --- pages, downloads, comparison -------------------------------------------------------------


def test_pages_render_in_chinese(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "部门预算" in index.text and DEPARTMENT in index.text
    page = client.get("/budgets/1").text
    assert page.count('<section class="ys-table') == 10
    assert "部门收支总体情况表" in page and "财政拨款“三公”经费支出情况表" in page
    data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S)
    assert data and json.loads(data.group(1))["functional"]
    assert '<script src="/static/echarts/echarts.min.js">' in page
    assert client.get("/static/echarts/echarts.min.js").status_code == 200
    assert client.get("/assets/tables.css").text.startswith("/*")
    missing = client.get("/budgets/42")
    assert missing.status_code == 404 and "没有这个预算" in missing.text
    assert client.get("/nowhere").status_code == 404


def test_downloads(client: TestClient) -> None:
    xlsx = client.get("/budgets/1/download/xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 10 and book.sheetnames[0].startswith("表1")
    original = client.get("/budgets/1/download/original")
    assert original.content == SAMPLE.encode("utf-8")
    assert "atushi-2023.yaml" in original.headers["content-disposition"]
    body = client.get("/budgets/1/download/json").json()
    assert body["disclosure"]["department"] == DEPARTMENT and body["version"]["number"] == 1
    pdf = client.get("/budgets/1/download/pdf")  # generated from the budget file
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    budget_id = store_tampered(client, year=2022)  # parsed from text: no PDF to give
    none = client.get(f"/budgets/{budget_id}/download/pdf")
    assert none.status_code == 404 and "没有 PDF" in none.text
    assert client.get("/budgets/1/download/exe").status_code == 404
    assert client.get("/budgets/1/download/xlsx", params={"version": 3}).status_code == 404


def test_compare_two_years_and_two_versions(client: TestClient) -> None:
    other = upload(client, variant(year=2024, bump=True), "2024.yaml").json()["budget_id"]
    api = client.get("/api/compare", params={"a": 1, "b": other, "changes": True}).json()
    diffs = api["differences"]
    assert diffs and all(d["difference"] != "0.00" for d in diffs)
    row = next(
        d for d in diffs if d["table"] == 5 and d["row"] == "2013101" and d["column"] == "total"
    )
    assert (row["a"], row["b"], row["difference"]) == ("4467.47", "4477.47", "10.00")
    same = client.get("/api/compare", params={"a": 1, "b": 1, "changes": True}).json()
    assert same["differences"] == []
    page = client.get("/compare", params={"a": 1, "b": other, "changes": 1}).text
    assert "+10.00" in page and "差额" in page
    charts = client.get(f"/api/budgets/{other}/charts").json()
    assert charts["year_over_year"]["years"] == [2023, 2024]
    assert charts["year_over_year"]["current"][0] - charts["year_over_year"]["prior"][0] == (
        pytest.approx(10)
    )
    assert "与 2023 年比较" in client.get(f"/budgets/{other}").text


# --- security ------------------------------------------------------------------------------------


def test_output_is_escaped(client: TestClient) -> None:
    evil = "<script>alert(1)</script>部门"
    r = upload(client, variant(name=evil), "<img src=x onerror=alert(1)>.yaml")
    assert r.status_code == 201
    for path in ("/", f"/budgets/{r.json()['budget_id']}"):
        text = client.get(path).text
        assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
        assert "<img src=x" not in text
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


def test_no_path_traversal(client: TestClient) -> None:
    for path in (
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/app.py",
        "/static/..%2f..%2fapp.py",
        "/budgets/1/download/..%2f..%2fetc%2fpasswd",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "root:" not in r.text and "create_app" not in r.text
    r = upload(client, variant(year=2024), "../../../etc/evil.yaml")
    latest = client.get(f"/api/budgets/{r.json()['budget_id']}").json()["latest"]
    assert latest["filename"] == "evil.yaml"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_login_and_upload_form_with_csrf(client: TestClient) -> None:
    assert (
        client.get("/upload", follow_redirects=False).headers["location"] == "/login?next=/upload"
    )
    form = client.get("/login?next=/upload")
    token = csrf_of(form.text)
    r = client.post("/login", data={"token": TOKEN, "next": "/upload"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text  # no token: refused
    r = client.post("/login", data={"token": "wrong", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 401 and "不正确" in r.text
    r = client.post(
        "/login",
        data={"token": TOKEN, "csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
    page = client.get("/upload")
    assert page.status_code == 200 and 'type="file"' in page.text
    files = {"file": ("a.yaml", variant(year=2024))}
    r = client.post("/upload", files=files, follow_redirects=False)
    assert r.status_code == 403  # form without CSRF token
    r = client.post("/upload", files=files, data={"csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/upload", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("version=1&uploaded=1")
    assert "已上传并保存为第 1 版" in client.get(r.headers["location"]).text
    bad = client.post(
        "/upload", files={"file": ("x.pdf", b"%PDF-1.4 broken")}, data={"csrf_token": token}
    )
    assert bad.status_code == 422 and 'id="upload-error"' in bad.text
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/upload", follow_redirects=False).status_code == 303


def test_cross_site_form_post_without_nonce_cookie_is_refused(make_client: Any) -> None:
    victim = make_client()
    token = csrf_of(victim.get("/login").text)
    victim.post("/login", data={"token": TOKEN, "csrf_token": token})
    victim.cookies.delete("ys_nonce")  # a cross-site request carries no SameSite=Strict cookie
    r = victim.post(
        "/upload", files={"file": ("a.yaml", variant(year=2024))}, data={"csrf_token": token}
    )
    assert r.status_code in (401, 403)


def test_private_installation(make_client: Any) -> None:
    client = make_client(public_read=False)
    assert client.get("/api/budgets").status_code == 401
    assert client.get("/").status_code == 401
    assert client.get("/api/budgets", headers=auth()).status_code == 200


SEED = Path(__file__).resolve().parents[3] / "shared" / Path("seeds/000_2b87194ee213430c.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed document is not on this machine")
def test_seed_text_upload_findings_link_to_its_lines(client: TestClient) -> None:
    r = upload(client, SEED.read_bytes(), SEED.name)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["department"], body["year"]) == (DEPARTMENT, 2023)
    assert body["errors"] > 0  # the seed's own mistakes
    latest = client.get(f"/api/budgets/{body['budget_id']}").json()["latest"]
    assert (latest["kind"], latest["origin"], latest["number"]) == ("pdf_text", "parsed", 2)
    findings = client.get(f"/api/budgets/{body['budget_id']}/findings").json()["findings"]
    cited = [f for f in findings if f["location"]["line"] and f["location"]["table"] is None]
    assert cited, "the seed's findings cite lines of the text"
    page = client.get(f"/budgets/{body['budget_id']}").text
    source = client.get(f"/budgets/{body['budget_id']}/source", params={"version": 2}).text
    lines = SEED.read_text("utf-8").splitlines()
    for finding in cited:
        line = finding["location"]["line"]
        assert f'/source?version=2#L{line}"' in page
        pattern = rf'<li id="L{line}" value="{line}" class="flagged">(.*?)</li>'
        item = re.search(pattern, source, re.S)
        assert item and finding["rule"] in item.group(1)
        assert html.escape(lines[line - 1].strip(), quote=False) in item.group(1)
    report = client.get(f"/api/budgets/{body['budget_id']}/versions/2").json()["parse_report"]
    assert report["kind"] == "text" and report["tables"]
    shown = re.search(r'<section id="parse-report">(.*?)</section>', page, re.S)
    assert shown and "解析报告" in shown.group(1)
    for table in report["tables"]:
        assert table["title"] in shown.group(1)
        if table["line"]:
            assert f'/source?version=2#L{table["line"]}"' in shown.group(1)
    assert '<section id="parse-report">' not in client.get("/budgets/1?version=1").text
    assert client.get("/budgets/1/source", params={"version": 1}).status_code == 200


CORPUS_PDF = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / Path("corpus/shanghai-putuo_gov-office_2025_dept-budget.pdf")
)


@pytest.mark.skipif(not CORPUS_PDF.exists(), reason="the shared corpus is not on this machine")
def test_published_pdf_upload(client: TestClient) -> None:
    content = CORPUS_PDF.read_bytes()
    r = upload(client, content, "published.bin")  # the name says nothing; the bytes do
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["department"], body["year"]) == ("上海市普陀区人民政府办公室", 2025)
    latest = client.get(f"/api/budgets/{body['budget_id']}").json()["latest"]
    assert (latest["kind"], latest["origin"]) == ("pdf", "parsed")
    pdf = client.get(f"/budgets/{body['budget_id']}/download/pdf")
    assert pdf.status_code == 200 and pdf.content == content  # the published PDF itself
    page = client.get(f"/budgets/{body['budget_id']}").text
    assert page.count('<section class="ys-table') >= 5
    # the findings and the parse report cite lines of the PDF's text layer: they can be read
    source = client.get(f"/budgets/{body['budget_id']}/source")
    assert source.status_code == 200 and "PDF 的文字层" in source.text
    report = client.get(f"/api/budgets/{body['budget_id']}/versions/1").json()["parse_report"]
    pages = re.findall(
        r'class="page-mark"><a class="ln" href="#L\d+">\d+</a><span>第 (\d+) 页', source.text
    )
    assert pages == [str(n) for n in range(1, report["pages"] + 1)]
    for table in report["tables"]:
        if table["line"]:
            assert f'/source?version=1#L{table["line"]}"' in page  # linked from the report
            item = re.search(rf'<li id="L{table["line"]}" [^>]*>(.*?)</li>', source.text, re.S)
            assert item and table["title"][:4] in re.sub(r"\s", "", item.group(1))


def test_workbook_upload(client: TestClient) -> None:
    book = client.get("/budgets/1/download/xlsx").content  # the sample's ten tables
    r = upload(client, book, "tables.xlsx")
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["department"], body["year"], body["version"]) == (DEPARTMENT, 2023, 2)
    latest = client.get(f"/api/budgets/{body['budget_id']}").json()["latest"]
    assert (latest["kind"], latest["origin"]) == ("xlsx", "parsed")
    tables = client.get(f"/api/budgets/{body['budget_id']}/tables").json()["tables"]
    first = client.get("/api/budgets/1/tables", params={"version": 1}).json()["tables"]
    assert [t["key"] for t in tables] == [t["key"] for t in first]
    expenditure = next(t for t in tables if t["key"] == "expenditure")
    total = next(row for row in expenditure["rows"] if row["key"] == "total")
    assert "5935.22" in total["cells"]


def _halves() -> tuple[bytes, bytes]:
    """The sample's published document as PDF text, cut in two at 第三部分 (表格 / 说明)."""
    import tempfile

    from parse.pdf_noise import html_text  # (tests/parse: the HTML as PDF text)
    from yusuan.render.writers import write_outputs

    with tempfile.TemporaryDirectory() as tmp:
        (page,) = write_outputs(load_budget_text(SAMPLE, "s.yaml"), Path(tmp), ["html"])
        rows = html_text(page.read_text("utf-8"))
    lines = [" ".join(row) + "\n" for row in rows]
    cut = next(i for i, line in enumerate(lines) if line.startswith("第三部分"))
    return "".join(lines[:cut]).encode(), "".join(lines[cut:]).encode()


def test_a_disclosure_published_in_two_files_is_uploaded_as_one(client: TestClient) -> None:
    tables, narrative = _halves()
    files = [("file", ("公开表.txt", tables)), ("file", ("情况说明.txt", narrative))]
    r = client.post("/api/budgets", files=files, headers=auth())
    assert r.status_code == 201, r.text
    budget_id = r.json()["budget_id"]
    latest = client.get(f"/api/budgets/{budget_id}").json()["latest"]
    assert (latest["kind"], latest["filename"]) == ("combined", "公开表.txt + 情况说明.txt")
    version = client.get(f"/api/budgets/{budget_id}/versions/{latest['number']}").json()
    assert version["parse_report"]["warnings"][0].startswith("合并读取 2 个文件")
    findings = client.get(f"/api/budgets/{budget_id}/findings").json()["findings"]
    assert not [f for f in findings if f["rule"].startswith("CMP-")]  # each half alone: CMP
    # each file is kept as uploaded
    for n, content in ((1, tables), (2, narrative)):
        got = client.get(f"/budgets/{budget_id}/download/original", params={"file": n})
        assert got.status_code == 200 and got.content == content
    # the source page shows the two texts one after the other: the cited lines are shown
    lines = (tables + narrative).decode().splitlines()
    source = client.get(f"/budgets/{budget_id}/source").text
    cited = [f for f in findings if f["location"]["line"]]
    assert cited
    for f in cited:
        n = f["location"]["line"]
        item = re.search(rf'<li id="L{n}" value="{n}"[^>]*>(.*?)</li>', source, re.S)
        assert item and html.escape(lines[n - 1].strip(), quote=False) in item.group(1)


def test_a_combined_upload_takes_only_pdf_and_text(client: TestClient) -> None:
    tables, _ = _halves()
    book = client.get("/budgets/1/download/xlsx").content
    files = [("file", ("公开表.txt", tables)), ("file", ("表.xlsx", book))]
    r = client.post("/api/budgets", files=files, headers=auth())
    assert r.status_code == 415
    assert r.json()["detail"].startswith("表.xlsx：合并为一份的文件须是 PDF 或 PDF 文本")
    assert client.get("/api/budgets").json()["count"] == 1


def test_an_internal_error_is_one_chinese_line(make_client: Any) -> None:
    client = make_client()
    client.app.state.repo.disclosure = None  # type: ignore[attr-defined]  # break the page
    quiet = TestClient(client.app, raise_server_exceptions=False)
    page = quiet.get("/budgets/1")
    assert page.status_code == 500 and "服务器内部错误" in page.text
    assert "Traceback" not in page.text and "NoneType" not in page.text
    api = quiet.get("/api/budgets/1/charts")
    assert api.status_code == 500 and api.json() == {"detail": "服务器内部错误，请稍后再试"}


def test_login_form_failures_are_rate_limited_too(make_client: Any) -> None:
    client = make_client(login_attempts=2)
    token = csrf_of(client.get("/login").text)
    for _ in range(2):
        r = client.post("/login", data={"token": "guess", "csrf_token": token})
        assert r.status_code == 401
    r = client.post("/login", data={"token": TOKEN, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 429 and "次数过多" in r.text
    assert client.get("/upload", follow_redirects=False).status_code == 303  # not logged in


def test_too_large_form_upload_answers_a_page(make_client: Any) -> None:
    client = make_client(max_upload_bytes=100_000)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"token": TOKEN, "csrf_token": token})
    big = {"file": ("big.yaml", b"#" * 300_000)}
    r = client.post("/upload", files=big, data={"csrf_token": token})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "不能超过" in r.text and 'href="/upload"' in r.text


@pytest.mark.skipif(
    not CORPUS_PDF.exists() or shutil.which("pdftotext") is None,
    reason="the shared corpus or poppler-utils is not on this machine",
)
def test_text_listing_cells_column_by_column_shows_its_tables_unread(client: TestClient) -> None:
    """pdftotext's default text of a published PDF: the page's parse report says each table
    could not be read and why, instead of showing tables read wrong."""
    text = subprocess.run(
        ["pdftotext", str(CORPUS_PDF), "-"], capture_output=True, check=True
    ).stdout
    r = upload(client, text, "gov-office.txt")
    assert r.status_code == 201, r.text
    body = r.json()
    page = client.get(f"/budgets/{body['budget_id']}").text
    shown = re.search(r'<section id="parse-report">(.*?)</section>', page, re.S)
    assert shown is not None
    assert shown.group(1).count("<td>无法读取</td>") == 9
    assert "pdftotext -layout" in shown.group(1)
    assert page.count('<section class="ys-table') == 0  # no table shown as if read
