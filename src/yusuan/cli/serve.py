"""``yusuan serve``: the web app for reviewers and readers (FastAPI + uvicorn)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from yusuan.cli.app import DatabaseOption, app, fail


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址。")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="监听端口。", min=1, max=65535)] = 8000,
    db: DatabaseOption = None,
    no_sample: Annotated[
        bool, typer.Option("--no-sample", help="数据库为空时不载入内置示例。")
    ] = False,
) -> None:
    """启动网页与 API（上传需设置环境变量 YUSUAN_ADMIN_TOKEN）。"""
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from yusuan.store import database_url
    from yusuan.web import Settings, create_app

    _check_listen(host, port)
    try:
        settings = Settings.from_env(database_url=db, load_sample=not no_sample)
    except ValueError as exc:
        raise fail(str(exc)) from None
    try:
        web = create_app(settings)
    except SQLAlchemyError as exc:
        url = database_url(settings.database_url)
        shown = url.split("@")[-1] if "@" in url else url
        reason = exc.args[0] if exc.args else type(exc).__name__
        raise fail(f"无法打开数据库 {shown}：{reason}") from None
    if settings.admin_token is None:
        typer.echo("提示：未设置 YUSUAN_ADMIN_TOKEN，网站只读（不能上传）。", err=True)
    typer.echo(f"yusuan：http://{host}:{port}/ （Ctrl+C 停止）", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


def _check_listen(host: str, port: int) -> None:
    """Refuse, as one line, an address that cannot be listened on (uvicorn's own is English)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise fail(f"--host {host}：无法解析的地址") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except PermissionError:
            raise fail(f"{host}:{port}：没有权限监听这个端口，请换一个 --port") from None
        except OSError:
            raise fail(f"{host}:{port}：端口已被占用或地址不可用，请换一个 --port") from None
