"""The ``yusuan`` Typer application, its global options and its error handling.

Command modules (every public module of :mod:`yusuan.cli` but this one) import :data:`app`
and decorate their functions with ``@app.command()``; :mod:`yusuan.cli` imports them all.

Errors: an exception type registered in :data:`USER_ERRORS` (a bad input file) is reported
as one line ``错误：<message>`` on stderr with exit code 2; anything else unexpected as one
line with exit code 1.  ``yusuan --debug …`` (or ``YUSUAN_DEBUG=1``) re-raises instead.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click  # typer 0.29 vendors click (pinned ==)
from typer.core import TyperGroup

from yusuan.model.load import BudgetFileError
from yusuan.render.writers import UnknownFormatError

#: Exception types that mean "the user's input is wrong": exit code 2, message only.
#: Other command modules add theirs with :func:`register_user_error`.
USER_ERRORS: list[type[BaseException]] = [BudgetFileError, UnknownFormatError]

EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

#: ``--db URL`` of the commands that use the store
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="数据库 URL（默认取环境变量 DATABASE_URL，否则为当前目录下的 yusuan.sqlite）。",
    ),
]


def register_user_error(kind: type[BaseException]) -> None:
    """Report ``kind`` as a bad-input error (one line, exit 2) instead of an internal one."""
    if kind not in USER_ERRORS:
        USER_ERRORS.append(kind)


def one_line(text: str) -> str:
    return " ".join(text.split())


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print ``错误：message`` on stderr (one line) and return the exit to raise."""
    typer.echo(f"错误：{one_line(message)}", err=True)
    return typer.Exit(code)


_NOT_READ = {
    "html": "HTML 网页暂不能读取；请用 PDF、PDF 文本（.txt）或 XLSX"
    "（yusuan build 生成的 disclosure.xlsx 即可）",
    "docx": "Word（DOCX）文件暂不能读取；请用 PDF、PDF 文本（.txt）或 XLSX",
}


def refuse_unreadable(path: Path) -> None:
    """Stop, as bad input, on a published file the parser would misread (HTML, Word).

    HTML would otherwise be read as plain text, markup and all, and audited into nonsense.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return  # the reader reports unreadable files itself
    if head.startswith((b"<!doctype html", b"<html")) or path.suffix.lower() in (".html", ".htm"):
        raise fail(f"{path}：{_NOT_READ['html']}")
    if path.suffix.lower() in (".docx", ".doc"):
        raise fail(f"{path}：{_NOT_READ['docx']}")


def read_error(path: object, exc: Exception) -> str:
    """A parse error named by the path the user typed (the parser knows only the file name)."""
    message = getattr(exc, "message", None)
    if not isinstance(message, str):
        return f"{path}：{exc}"
    line = getattr(exc, "line", None)
    where = f"第 {line} 行：" if line else ""
    return f"{path}：{where}{message}"


class YusuanGroup(TyperGroup):
    """Runs a command and turns its exceptions into one line on stderr and an exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:  # options of yusuan itself (--version, no command …)
            raise _in_chinese(exc) from None

    def invoke(self, ctx: Any) -> Any:  # ctx: typer's click Context
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # the command line of a command: one Chinese line
            raise _in_chinese(exc) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # usage errors, --help, explicit exits: typer reports them itself
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            if isinstance(exc, tuple(USER_ERRORS)):
                raise fail(str(exc), EXIT_BAD_INPUT) from None
            if isinstance(exc, OSError) and exc.strerror:
                where = f"{exc.filename}：" if exc.filename else ""
                raise fail(f"{where}{_os_message(exc)}", EXIT_INTERNAL) from None
            raise fail(
                f"内部错误 {type(exc).__name__}：{exc}（加 --debug 查看详细信息）", EXIT_INTERNAL
            ) from None


class ChineseUsageError(click.UsageError):
    """A command-line mistake shown as one Chinese line (click's own text is English)."""

    def show(self, file: Any = None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "yusuan"
        typer.echo(f"错误：{self.message}（用法见 {where} --help）", file=file, err=True)


def _param_name(param: Any) -> str:
    """How the user typed (or should type) a parameter: ``BUDGET.yaml``, ``--format``."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or str(param.name).upper())
    return " / ".join(getattr(param, "opts", ())) or str(param.name)


def _in_chinese(exc: click.UsageError) -> click.UsageError:
    """``exc`` with its message in Chinese; the English text is kept only when unknown."""
    if isinstance(exc, ChineseUsageError | click.NoArgsIsHelpError):
        return exc
    name = _param_name(getattr(exc, "param", None))
    text = exc.message
    if isinstance(exc, click.MissingParameter):
        message = f"缺少参数 {name}".strip()
    elif isinstance(exc, click.NoSuchOption):
        close = "、".join(exc.possibilities or ())
        message = f"没有选项 {exc.option_name}" + (f"，是否应为 {close}？" if close else "")
    elif isinstance(exc, click.BadParameter):
        if m := re.search(r"'(.*)' is not one of (.+?)\.?$", text):
            choices = "、".join(c.strip(" '") for c in m.group(2).split(","))
            message = f"{name} 应为 {choices} 之一，而不是 {m.group(1)}"
        elif "valid integer" in text:
            message = f"{name} 应为整数"
        elif "valid number" in text:
            message = f"{name} 应为数字"
        else:
            message = f"{name} 的取值不对：{text}"
    elif m := re.match(r"No such command '([^']+)'", text):
        ctx = exc.ctx
        group = ctx.command if ctx is not None else None
        listed = group.list_commands(ctx) if ctx and isinstance(group, TyperGroup) else []
        guess = re.search(r"Did you mean '([^']+)'", text)
        message = f"没有命令 {m.group(1)}" + (f"，是否应为 {guess.group(1)}？" if guess else "")
        message += f"（可用：{'、'.join(sorted(listed))}）" if listed else ""
    elif m := re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)", text):
        message = f"多余的参数：{m.group(1)}"
    else:
        message = f"命令行有误：{text}"
    return ChineseUsageError(message, exc.ctx)


def _os_message(exc: OSError) -> str:
    """A file-system error in Chinese, with the system's own words as a fallback."""
    if isinstance(exc, PermissionError):
        return "没有权限"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "已存在同名文件，不是目录"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if isinstance(exc, FileNotFoundError):
        return "路径不存在"
    return str(exc.strerror)


app = typer.Typer(
    name="yusuan",
    cls=YusuanGroup,
    help="yusuan（预算）：部门预算的编制、公开表生成与审核。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _options(
    debug: Annotated[
        bool,
        typer.Option("--debug", envvar="YUSUAN_DEBUG", help="出错时显示完整的 Python 调用栈。"),
    ] = False,
) -> None:
    """yusuan（预算）：部门预算的编制、公开表生成与审核。"""
