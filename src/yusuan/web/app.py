"""The FastAPI application: pages for readers and reviewers, JSON under ``/api/``.

``create_app(settings)`` builds it; ``yusuan serve`` runs it with uvicorn.  Reading is
public (unless ``YUSUAN_PUBLIC_READ=0``); uploading needs the admin token, as a Bearer
token on the API or through the login form (a signed cookie) on the pages.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from yusuan.model.disclosure import PART_LABELS, Disclosure
from yusuan.store import COMBINED, FileInfo, VersionInfo, make_engine, migrate, queries
from yusuan.web import views
from yusuan.web.config import Settings
from yusuan.web.ingest import KIND_LABELS, IngestError, decode_text, ingest, ingest_together
from yusuan.web.security import (
    ADMIN_COOKIE,
    ADMIN_MAX_AGE,
    NONCE_COOKIE,
    BodyLimit,
    LoginLimiter,
    SecurityHeaders,
    admin_cookie,
    admin_cookie_ok,
    bearer,
    csrf_ok,
    csrf_token,
    new_nonce,
    token_ok,
)

SAMPLE_NAME = "atushi-2023.yaml"
UPLOAD_AUTH = HTTPBearer(auto_error=False, description="管理令牌（YUSUAN_ADMIN_TOKEN）")
#: originals whose lines findings can point at (a PDF's lines: its text layer as the parser
#: read it; a document of several files: theirs, one after the other)
TEXT_KINDS = ("pdf_text", "budget_yaml", "pdf", COMBINED)
_PAGE_MARK = re.compile(r"^==== page (\d+) ====$")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
#: a line of the source page: its text, the page it starts (or None), the file it begins
SourceLine = tuple[str, int | None, FileInfo | None]
ORIGIN_LABELS = {"compiled": "预算文件编制", "parsed": "公开文件解析"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _json_script(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _environment() -> Environment:
    from yusuan.render.html import html_environment

    env = html_environment("yusuan.web")
    env.filters["amount"] = _money
    env.filters["json_script"] = _json_script
    env.filters["part_label"] = lambda key: PART_LABELS.get(key, key)
    env.globals["SEVERITY_LABELS"] = SEVERITY_LABELS
    env.globals["ORIGIN_LABELS"] = ORIGIN_LABELS
    env.globals["KIND_LABELS"] = KIND_LABELS
    return env


class Repository:
    """The store as the app reads it, with parsed disclosures cached (versions never change)."""

    def __init__(self, engine: Engine, size: int = 64) -> None:
        self.engine = engine
        self._cache: OrderedDict[int, Disclosure] = OrderedDict()
        self._rendered: OrderedDict[tuple[str, int], Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def disclosure(self, version_id: int) -> Disclosure:
        with self._lock:
            if version_id in self._cache:
                self._cache.move_to_end(version_id)
                return self._cache[version_id]
        found = queries.disclosure(self.engine, version_id)
        if found is None:
            raise HTTPException(404, "没有这个版本")
        with self._lock:
            self._cache[version_id] = found
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return found

    def rendered(self, kind: str, version_id: int, make: Callable[[], Any]) -> Any:
        """A per-version rendering (tables HTML, tables JSON), made once: versions never change."""
        key = (kind, version_id)
        with self._lock:
            if key in self._rendered:
                return self._rendered[key]
        value = make()
        with self._lock:
            self._rendered[key] = value
            while len(self._rendered) > self._size:
                self._rendered.popitem(last=False)
        return value

    def version(self, budget_id: int, number: int | None = None) -> VersionInfo:
        info = queries.version(self.engine, budget_id, number)
        if info is None:
            what = "预算" if number is None else f"预算的第 {number} 版"
            raise HTTPException(404, f"没有这个{what}（编号 {budget_id}）")
        return info

    def prior(self, info: VersionInfo) -> tuple[VersionInfo, Disclosure] | None:
        prior_id = queries.find_budget(self.engine, info.department_id, info.year - 1)
        if prior_id is None:
            return None
        prior = self.version(prior_id)
        return prior, self.disclosure(prior.version_id)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _attachment(filename: str) -> str:
    ascii_name = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "_" for ch in filename
    )
    return (
        f"attachment; filename=\"{ascii_name or 'download'}\"; filename*=UTF-8''{quote(filename)}"
    )


def _stem(info: VersionInfo) -> str:
    return f"{info.department}-{info.year}-v{info.number}"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app over the store named by ``settings`` (migrated, sample loaded when empty)."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    migrate(engine)
    if settings.load_sample and queries.count_budgets(engine) == 0:
        sample = resources.files("yusuan.samples").joinpath(SAMPLE_NAME).read_bytes()
        ingest(engine, sample, SAMPLE_NAME, note="内置示例")
    repo = Repository(engine)
    limiter = LoginLimiter(settings.login_attempts, settings.login_window_seconds)
    env = _environment()
    pdf_lock = threading.Lock()  # one PDF at a time: it takes seconds of CPU
    tables_fragment = env.from_string(
        '{% import "table.html.j2" as m %}{% for t in tables %}{{ m.table(t) }}{% endfor %}'
    )

    app = FastAPI(
        title="yusuan 部门预算公开",
        description=(
            "部门预算与预算公开：列表、十张公开表、审核问题、图表、比较与下载。"
            "上传（POST /api/budgets）需要管理令牌：`Authorization: Bearer …`。"
        ),
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.repo = repo
    static_dir = Path(str(resources.files("yusuan.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static_dir), name="static")

    # --- middleware -------------------------------------------------------------------

    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_request_bytes,
        message=f"请求过大：上传文件不能超过 {settings.max_upload_bytes // (1024 * 1024)} MB",
    )

    # --- helpers ------------------------------------------------------------------------

    def is_admin(request: Request) -> bool:
        if token_ok(bearer(request.headers.get("authorization")), settings.admin_token):
            return True
        return settings.admin_token is not None and admin_cookie_ok(
            settings.secret, request.cookies.get(ADMIN_COOKIE)
        )

    def check_read(request: Request) -> None:
        if not settings.public_read and not is_admin(request):
            raise HTTPException(401, "需要登录后才能查看", {"WWW-Authenticate": "Bearer"})

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        nonce = request.cookies.get(NONCE_COOKIE) or new_nonce()
        html = env.get_template(template).render(
            request=request,
            admin=is_admin(request),
            uploads_enabled=settings.admin_token is not None,
            csrf=csrf_token(settings.secret, nonce),
            max_upload_mb=settings.max_upload_bytes // (1024 * 1024),
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if NONCE_COOKIE not in request.cookies:
            response.set_cookie(
                NONCE_COOKIE,
                nonce,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        return response

    def check_csrf(request: Request, token: str | None) -> None:
        if not csrf_ok(settings.secret, request.cookies.get(NONCE_COOKIE), token):
            raise HTTPException(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")

    def limit_failures(request: Request) -> None:
        wait = limiter.blocked(_client(request))
        if wait:
            raise HTTPException(
                429, f"登录失败次数过多，请 {wait} 秒后再试", {"Retry-After": str(wait)}
            )

    def require_token(request: Request) -> None:
        if settings.admin_token is None:
            raise HTTPException(403, "本站未配置管理令牌（YUSUAN_ADMIN_TOKEN），不接受上传")
        limit_failures(request)
        if not token_ok(bearer(request.headers.get("authorization")), settings.admin_token):
            limiter.failed(_client(request))
            raise HTTPException(401, "需要有效的管理令牌", {"WWW-Authenticate": "Bearer"})
        limiter.succeeded(_client(request))

    async def read_upload(file: UploadFile) -> bytes:
        content = await file.read(settings.max_upload_bytes + 1)
        if len(content) > settings.max_upload_bytes:
            mb = settings.max_upload_bytes // (1024 * 1024)
            raise IngestError(f"{file.filename or '文件'}：文件过大（超过 {mb} MB）", 413)
        return content

    async def read_uploads(files: list[UploadFile]) -> list[tuple[bytes, str]]:
        """Every file of one upload (several: one disclosure published in parts)."""
        return [(await read_upload(f), f.filename or "upload") for f in files]

    def _source_lines(info: VersionInfo) -> list[SourceLine] | None:
        """The lines findings cite, each with the page it starts (page marks) or None, and the
        file it begins (a document of several files) or None: a text as uploaded; a PDF's text
        layer extracted as the parser extracted it; several files' lines one after the other,
        pages numbered on as the parser numbered them."""
        if info.kind not in TEXT_KINDS:
            return None
        from yusuan.parse import ParseError
        from yusuan.parse.combine import file_text
        from yusuan.parse.text import numbered_lines

        docs = queries.originals(engine, info.document_id)
        out: list[SourceLine] = []
        for f, doc in zip(info.files, docs, strict=True):
            try:
                text = (
                    file_text(doc.content, doc.filename)
                    if doc.kind == "pdf" or info.kind == COMBINED
                    else decode_text(doc.content)
                )
            except ParseError:
                return None
            if text is None:
                return None
            pages_before = (f.first_page or 1) - 1
            for i, line in enumerate(numbered_lines(text)):
                mark = _PAGE_MARK.match(line) if doc.kind == "pdf" else None
                page = int(mark.group(1)) + pages_before if mark else None
                out.append((line, page, f if i == 0 and info.kind == COMBINED else None))
        return out

    def budget_context(budget_id: int, version: int | None) -> dict[str, Any]:
        info = repo.version(budget_id, version)
        disclosure = repo.disclosure(info.version_id)
        prior = repo.prior(info)
        findings = queries.findings(engine, info.version_id)

        def tables_html() -> tuple[Markup, dict[int, str]]:
            tables = views.display_tables(disclosure)
            html = tables_fragment.render(tables=tables)
            return Markup(html), {t.number: t.key for t in tables}

        tables, table_keys = repo.rendered("tables_html", info.version_id, tables_html)
        return {
            "info": info,
            "disclosure": disclosure,
            "versions": queries.versions(engine, budget_id),
            "tables": tables,
            "table_keys": table_keys,
            "findings": findings,
            "places": [
                views.finding_place(
                    disclosure, f.table, f.row, f.column, f.line, f.part, info.files
                )
                for f in findings
            ],
            "summary": queries.audit_summary(engine, info.version_id),
            "parse_report": queries.parse_report(engine, info.version_id),
            "charts": views.charts(disclosure, prior[1] if prior else None),
            "prior": prior[0] if prior else None,
            "has_source": info.kind in TEXT_KINDS,
            "in_file": lambda line: views.line_in_file(info.files, line),
            "others": [b for b in queries.list_budgets(engine) if b.budget_id != info.budget_id],
        }

    # --- error pages ------------------------------------------------------------------------

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "请求有误"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "页面不存在"
        if exc.status_code == 405:
            detail = "不支持此请求方法"
        extra = dict(exc.headers or {})
        if wants_json(request):
            return JSONResponse({"detail": detail}, exc.status_code, headers=extra)
        response = page(request, "error.html.j2", exc.status_code, message=detail)
        response.headers.update(extra)
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # Logged by uvicorn; the visitor gets one Chinese line, never a traceback.
        message = "服务器内部错误，请稍后再试"
        if wants_json(request):
            return JSONResponse({"detail": message}, 500)
        return HTMLResponse(
            env.get_template("error.html.j2").render(
                message=message, admin=False, uploads_enabled=False, csrf=""
            ),
            500,
        )

    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, exc: IngestError) -> Response:
        return JSONResponse({"detail": exc.message}, exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            problems.append(f"{where}：{'缺少' if err.get('type') == 'missing' else '取值有误'}")
        message = "请求参数有误：" + "；".join(problems)
        if wants_json(request):
            return JSONResponse({"detail": message}, 422)
        return page(request, "error.html.j2", 422, message=message)

    # --- pages ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(
        request: Request,
        department: str | None = None,
        year: Annotated[str | None, Query()] = None,
        min_errors: Annotated[str | None, Query()] = None,
        max_errors: Annotated[str | None, Query()] = None,
    ) -> HTMLResponse:
        check_read(request)

        def number(text: str | None) -> int | None:
            return int(text) if text and text.strip().isdigit() else None

        filters: dict[str, Any] = {
            "department": (department or "").strip() or None,
            "year": number(year),
            "min_errors": number(min_errors),
            "max_errors": number(max_errors),
        }
        return page(
            request,
            "index.html.j2",
            budgets=queries.list_budgets(engine, **filters),
            filters=filters,
            departments=queries.departments(engine),
            years=queries.years(engine),
        )

    @app.get("/budgets/{budget_id}", response_class=HTMLResponse, include_in_schema=False)
    def budget_page(
        request: Request, budget_id: int, version: int | None = None, uploaded: int = 0
    ) -> HTMLResponse:
        check_read(request)
        return page(
            request, "budget.html.j2", **budget_context(budget_id, version), uploaded=uploaded
        )

    @app.get("/budgets/{budget_id}/source", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, budget_id: int, version: int | None = None) -> HTMLResponse:
        """The original text, line by line, with the findings beside the lines they cite."""
        check_read(request)
        info = repo.version(budget_id, version)
        lines = repo.rendered("source_lines", info.version_id, lambda: _source_lines(info))
        if lines is None:
            raise HTTPException(404, "此版本的原始文件不是文本或 PDF，没有逐行原文")
        by_line: dict[int, list[Any]] = {}
        for f in queries.findings(engine, info.version_id):
            if f.line is not None:
                by_line.setdefault(f.line, []).append(f)
        return page(
            request,
            "source.html.j2",
            info=info,
            lines=lines,
            by_line=by_line,
            from_pdf=info.kind == "pdf",
            combined=info.kind == COMBINED,
        )

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(
        request: Request,
        a: int,
        b: int,
        va: int | None = None,
        vb: int | None = None,
        changes: int = 0,
    ) -> HTMLResponse:
        check_read(request)
        ia, ib = repo.version(a, va), repo.version(b, vb)
        diffs = views.compare(
            repo.disclosure(ia.version_id), repo.disclosure(ib.version_id), bool(changes)
        )
        return page(
            request,
            "compare.html.j2",
            a=ia,
            b=ib,
            diffs=diffs,
            changes=bool(changes),
            budgets=queries.list_budgets(engine),
        )

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request) -> Response:
        if not is_admin(request):
            return RedirectResponse("/login?next=/upload", 303)
        return page(request, "upload.html.j2")

    @app.post("/upload", include_in_schema=False)
    async def upload_submit(
        request: Request,
        file: Annotated[list[UploadFile], File()],
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        if not is_admin(request):
            raise HTTPException(401, "需要先登录")
        check_csrf(request, csrf_token)
        try:
            result = ingest_together(engine, await read_uploads(file))
        except IngestError as exc:
            return page(request, "upload.html.j2", exc.status, error=exc.message)
        flag = 2 if result.duplicate else 1
        return RedirectResponse(
            f"/budgets/{result.budget_id}?version={result.number}&uploaded={flag}", 303
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html.j2", next=_safe_next(next))

    @app.post("/login", include_in_schema=False)
    def login_submit(
        request: Request,
        token: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        limit_failures(request)
        check_csrf(request, csrf_token)
        if not token_ok(token, settings.admin_token):
            limiter.failed(_client(request))
            return page(
                request, "login.html.j2", 401, next=_safe_next(next), error="管理令牌不正确"
            )
        limiter.succeeded(_client(request))
        response = RedirectResponse(_safe_next(next), 303)
        response.set_cookie(
            ADMIN_COOKIE,
            admin_cookie(settings.secret),
            max_age=ADMIN_MAX_AGE,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
        check_csrf(request, csrf_token)
        response = RedirectResponse("/", 303)
        response.delete_cookie(ADMIN_COOKIE)
        return response

    # --- downloads ----------------------------------------------------------------------------

    @app.get("/budgets/{budget_id}/download/{fmt}", include_in_schema=False)
    def download(
        request: Request,
        budget_id: int,
        fmt: str,
        version: int | None = None,
        file: int | None = None,
    ) -> Response:
        check_read(request)
        info = repo.version(budget_id, version)
        disclosure = repo.disclosure(info.version_id)
        if fmt == "xlsx":
            from io import BytesIO

            from yusuan.render.xlsx import tables_workbook

            buffer = BytesIO()
            tables_workbook(views.display_tables(disclosure)).save(buffer)
            return Response(
                buffer.getvalue(),
                media_type=XLSX,
                headers={"Content-Disposition": _attachment(f"{_stem(info)}.xlsx")},
            )
        if fmt == "json":
            body = json.dumps(version_json(info, disclosure), ensure_ascii=False, indent=1)
            return Response(
                body,
                media_type="application/json; charset=utf-8",
                headers={"Content-Disposition": _attachment(f"{_stem(info)}.json")},
            )
        if fmt == "original":
            if file is None and len(info.files) > 1:
                names = "；".join(f"?file={f.position}：{f.filename}" for f in info.files)
                raise HTTPException(
                    404, f"此版本由 {len(info.files)} 个文件合并上传，请逐个下载（{names}）"
                )
            doc = queries.original(engine, info.document_id, file or 1)
            if doc is None:
                raise HTTPException(404, f"此版本没有第 {file} 个原始文件")
            return Response(
                doc.content,
                media_type=doc.media_type,
                headers={"Content-Disposition": _attachment(doc.filename)},
            )
        if fmt == "pdf":
            return pdf_download(info, disclosure)
        raise HTTPException(404, f"不支持的下载格式：{fmt}")

    def pdf_download(info: VersionInfo, disclosure: Disclosure) -> Response:
        if info.kind == "pdf":
            doc = queries.document(engine, info.document_id)
            if doc is not None:
                return Response(
                    doc.content,
                    media_type="application/pdf",
                    headers={"Content-Disposition": _attachment(doc.filename)},
                )
        writer = _pdf_writer()
        budget = disclosure.budget
        if writer is None or budget is None or disclosure.origin != "compiled":
            several = (
                "；由几个文件合并上传的版本请逐个下载原始文件" if info.kind == COMBINED else ""
            )
            raise HTTPException(
                404,
                "此版本没有 PDF：原始文件不是 PDF，且只有预算文件编制的版本才能生成 PDF" + several,
            )

        def generate() -> bytes:
            import tempfile

            with pdf_lock, tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "disclosure.pdf"
                writer(budget, path)
                return path.read_bytes()

        try:
            content = repo.rendered("pdf", info.version_id, generate)
        except Exception as exc:  # fonts or the PDF engine missing on this installation
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise HTTPException(503, f"暂时无法生成 PDF：{reason}") from None
        return Response(
            content,
            media_type="application/pdf",
            headers={"Content-Disposition": _attachment(f"{_stem(info)}.pdf")},
        )

    def version_json(info: VersionInfo, disclosure: Disclosure) -> dict[str, Any]:
        return {
            "version": info.to_dict(),
            "disclosure": disclosure.model_dump(mode="json"),
            "audit": {
                "summary": queries.audit_summary(engine, info.version_id),
                "findings": [f.to_dict() for f in queries.findings(engine, info.version_id)],
            },
            "parse_report": queries.parse_report(engine, info.version_id),
        }

    # --- API ----------------------------------------------------------------------------

    @app.get("/api/budgets", tags=["预算"], summary="预算列表（可按部门、年度、错误数筛选）")
    def api_list(
        request: Request,
        department: str | None = None,
        year: int | None = None,
        min_errors: int | None = None,
        max_errors: int | None = None,
    ) -> dict[str, Any]:
        check_read(request)
        budgets = queries.list_budgets(
            engine,
            department=department,
            year=year,
            min_errors=min_errors,
            max_errors=max_errors,
        )
        return {"budgets": [b.to_dict() for b in budgets], "count": len(budgets)}

    @app.post(
        "/api/budgets",
        tags=["预算"],
        summary="上传（PDF、PDF 文本、XLSX 或预算 YAML；需要管理令牌）",
        status_code=201,
        responses={
            200: {"description": "与最新版本完全相同，未新建版本"},
            401: {"description": "缺少或错误的管理令牌"},
            413: {"description": "文件过大"},
            415: {"description": "不支持的文件类型"},
            422: {"description": "文件损坏或内容无法读取"},
            429: {"description": "失败次数过多"},
        },
    )
    async def api_upload(
        request: Request,
        file: Annotated[
            list[UploadFile],
            File(description="要上传的文件；说明与表格分开发布时可给出几个 PDF 或文本，合为一份"),
        ],
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(UPLOAD_AUTH)] = None,
    ) -> Response:
        require_token(request)
        result = ingest_together(engine, await read_uploads(file))
        body = result.to_dict() | {"url": f"/budgets/{result.budget_id}?version={result.number}"}
        return JSONResponse(body, 200 if result.duplicate else 201)

    @app.get("/api/budgets/{budget_id}", tags=["预算"], summary="一个预算：最新版本与版本历史")
    def api_budget(request: Request, budget_id: int) -> dict[str, Any]:
        check_read(request)
        info = repo.version(budget_id)
        return {
            "latest": info.to_dict(),
            "versions": [v.to_dict() for v in queries.versions(engine, budget_id)],
        }

    @app.get(
        "/api/budgets/{budget_id}/versions/{number}",
        tags=["预算"],
        summary="某一版本的全部内容（公开表、审核问题、解析报告）",
    )
    def api_version(request: Request, budget_id: int, number: int) -> dict[str, Any]:
        check_read(request)
        info = repo.version(budget_id, number)
        return version_json(info, repo.disclosure(info.version_id))

    @app.get("/api/budgets/{budget_id}/tables", tags=["预算"], summary="十张公开表")
    def api_tables(request: Request, budget_id: int, version: int | None = None) -> dict[str, Any]:
        check_read(request)
        info = repo.version(budget_id, version)
        return {
            "version": info.number,
            "tables": repo.rendered(
                "tables_json",
                info.version_id,
                lambda: views.tables_json(repo.disclosure(info.version_id)),
            ),
        }

    @app.get("/api/budgets/{budget_id}/findings", tags=["预算"], summary="审核问题")
    def api_findings(
        request: Request, budget_id: int, version: int | None = None
    ) -> dict[str, Any]:
        check_read(request)
        info = repo.version(budget_id, version)
        return {
            "version": info.number,
            "audited": info.audited,
            "summary": queries.audit_summary(engine, info.version_id),
            "findings": [f.to_dict() for f in queries.findings(engine, info.version_id)],
        }

    @app.get("/api/budgets/{budget_id}/charts", tags=["预算"], summary="图表数据")
    def api_charts(request: Request, budget_id: int, version: int | None = None) -> dict[str, Any]:
        check_read(request)
        info = repo.version(budget_id, version)
        prior = repo.prior(info)
        return views.charts(repo.disclosure(info.version_id), prior[1] if prior else None)

    @app.get("/api/compare", tags=["比较"], summary="两个预算逐表逐行比较")
    def api_compare(
        request: Request,
        a: int,
        b: int,
        va: int | None = None,
        vb: int | None = None,
        changes: bool = False,
    ) -> dict[str, Any]:
        check_read(request)
        ia, ib = repo.version(a, va), repo.version(b, vb)
        diffs = views.compare(
            repo.disclosure(ia.version_id), repo.disclosure(ib.version_id), changes
        )
        return {
            "a": ia.to_dict(),
            "b": ib.to_dict(),
            "differences": [d.to_dict() for d in diffs],
        }

    @app.get("/api/departments", tags=["预算"], summary="部门与年度")
    def api_departments(request: Request) -> dict[str, Any]:
        check_read(request)
        return {"departments": queries.departments(engine), "years": queries.years(engine)}

    # --- OpenAPI page, offline -------------------------------------------------------------

    @app.get("/assets/tables.css", include_in_schema=False)
    def tables_css() -> Response:
        css = resources.files("yusuan.render").joinpath("templates/tables.css").read_text("utf-8")
        return Response(
            css,
            media_type="text/css; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI from the package's own copy (no CDN)."""
        return HTMLResponse(env.get_template("docs.html.j2").render())

    return app


def _pdf_writer() -> Callable[[Any, Path], None] | None:
    try:
        from yusuan.render.writers import WRITERS
    except ImportError:  # pragma: no cover
        return None
    writer = WRITERS.get("pdf")
    return writer.write if writer is not None else None
