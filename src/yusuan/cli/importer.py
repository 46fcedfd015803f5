"""``yusuan import PATH…``: read, audit and store many published documents in one run.

Researchers start from folders of downloaded PDFs.  Each file is read and audited exactly as
a web upload is (:func:`yusuan.web.ingest.analyse`: type by content, PDF/PDF text/XLSX/budget
file), in worker processes (``--jobs``, one per core by default); the main process stores the
results one transaction per file, in the order the files were given, so version numbers do
not depend on which worker finished first.  A file that cannot be read or stored is reported
as one line naming it and changes nothing; the others are imported; the exit code is 2 when
any file failed.

``--together``: the files named are one disclosure published as several files (说明 and 表格
apart), read as one document in the order given and stored as one version keeping each file
as it is (:func:`yusuan.web.ingest.analyse_together`, exactly as a web upload of several
files).  A file among them that cannot be read stops everything: one line naming it, exit
code 2, nothing stored.  Files are never grouped by their names (see docs/cli.md: names do not
say which files belong together, and a wrong guess stores a document that never existed);
a directory import only points out PDF files that became versions of the same budget.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yusuan.cli.app import EXIT_BAD_INPUT, EXIT_INTERNAL, DatabaseOption, app, fail, one_line

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from yusuan.store import ImportResult
    from yusuan.web.ingest import Analysis

#: the files a directory is searched for (a file named on the command line is read whatever
#: its name: its content decides what it is)
SUFFIXES = (".pdf", ".txt", ".xlsx", ".yaml", ".yml")


@dataclass(frozen=True)
class Outcome:
    """What a worker made of one file: its analysis, or one line saying why not."""

    path: str
    analysis: Analysis | None = None
    error: str | None = None


def find_files(paths: Sequence[Path]) -> list[Path]:
    """The files to import: those named, and under each directory named every file ending in
    one of :data:`SUFFIXES` (hidden files and directories skipped), each once, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise fail(f"{path}：路径不存在")
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def analyse_file(path: str) -> Outcome:
    """Read and audit one file (in a worker); every failure becomes one line naming ``path``."""
    from yusuan.parse import ParseError, read_file
    from yusuan.web.ingest import IngestError, analyse, safe_filename

    try:
        return Outcome(path, analysis=analyse(read_file(path), safe_filename(path)))
    except ParseError as exc:  # (the reader names the file; the path typed is shown)
        return Outcome(path, error=f"{path}：{_after_name(str(exc), exc.file)}")
    except IngestError as exc:
        return Outcome(path, error=f"{path}：{_after_name(exc.message, safe_filename(path))}")
    except Exception as exc:  # a reader bug must not stop the other files
        return Outcome(path, error=f"{path}：内部错误 {type(exc).__name__}：{one_line(str(exc))}")


def outcomes(paths: Sequence[str], jobs: int) -> Iterator[Outcome]:
    """:func:`analyse_file` of each path, in order; with ``jobs`` > 1 in worker processes
    (at most ``2 × jobs`` files in flight, so memory stays bounded on large folders)."""
    if jobs <= 1 or len(paths) <= 1:
        yield from map(analyse_file, paths)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        waiting = iter(paths)
        pending: deque[tuple[str, Future[Outcome]]] = deque()
        for path in waiting:  # the first submits start every worker (before any thread runs)
            pending.append((path, pool.submit(analyse_file, path)))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            path, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                message = f"{path}：读取时工作进程意外退出（内存不足？），已停止"
                raise fail(message, EXIT_INTERNAL) from None
            following = next(waiting, None)
            if following is not None:
                pending.append((following, pool.submit(analyse_file, following)))
            yield result


@app.command(name="import")
def import_files(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="要入库的文件或目录（目录中查找 .pdf、.txt、.xlsx、.yaml、.yml 文件）。",
            metavar="PATH…",
            show_default=False,
        ),
    ],
    db: DatabaseOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="同时读取的进程数（默认为 CPU 核数）。"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="写入每个新版本的备注。")] = None,
    together: Annotated[
        bool,
        typer.Option(
            "--together",
            help="给出的几个文件是分开发布的同一份公开文件（如说明与表格，PDF 或 PDF 文本）："
            "按给出的顺序合并为一份读取、审核，存为一个版本并保存各原始文件；"
            "其中有文件读不了时什么都不写入。",
        ),
    ] = False,
) -> None:
    """读取、审核预算公开文件并存入数据库；失败时退出码为 2。

    每份文件一个事务；--together 把几个文件合为一份，一个事务。"""
    if together:
        _import_together(paths, db, note)
        return

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    # the reader, the auditor and its rules loaded before the workers are forked, so that
    # each inherits them ready instead of importing them again
    import yusuan.parse  # noqa: F401
    from yusuan.audit.registry import all_rules
    from yusuan.web import ingest

    all_rules()

    files = find_files(paths)
    if not files:
        raise fail("、".join(map(str, paths)) + "：没有可导入的文件（.pdf、.txt、.xlsx、.yaml）")
    engine, shown = _open_store(db)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    # the modules are loaded: out of the cyclic collector's walks from here on (~10% of a
    # document's parse and audit); forked workers inherit the frozen heap
    gc.collect()
    gc.freeze()
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    counts = {"new": 0, "same": 0, "failed": 0}
    #: the PDF (text) files of this run stored as new versions, by budget
    split: defaultdict[int, list[tuple[str, ImportResult]]] = defaultdict(list)
    start = time.perf_counter()
    results = outcomes([str(f) for f in files], workers)
    first = next(results)  # the workers are started before the progress bar's thread
    progress = Progress(
        TextColumn("入库"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("入库", total=len(files))
        for outcome in chain([first], results):
            progress.advance(task)
            found = outcome.analysis
            if found is None:
                counts["failed"] += 1
                progress.console.print(f"错误：{outcome.error}", markup=False)
                continue
            try:
                done = ingest.store(engine, found, note)
            except ingest.IngestError as exc:
                counts["failed"] += 1
                message = _after_name(exc.message, found.source.filename)
                progress.console.print(f"错误：{outcome.path}：{message}", markup=False)
                continue
            counts["same" if done.duplicate else "new"] += 1
            if not done.duplicate and found.source.kind in ingest.COMBINABLE:
                split[done.budget_id].append((outcome.path, done))
            out.print(_stored(outcome.path, done), markup=False)
    for stored in split.values():
        if len(stored) > 1:
            err.print(_split_hint(stored), markup=False)
    seconds = time.perf_counter() - start
    rate = len(files) / seconds if seconds > 0 else 0.0
    err.print(
        f"共 {len(files)} 个文件：新版本 {counts['new']}，与已存相同 {counts['same']}，"
        f"失败 {counts['failed']}；用时 {seconds:.1f} 秒（{rate:.1f} 份/秒，{workers} 个进程）；"
        f"数据库 {shown}",
        markup=False,
    )
    if counts["failed"]:
        raise typer.Exit(EXIT_BAD_INPUT)


def _import_together(paths: Sequence[Path], db: str | None, note: str | None) -> None:
    """``--together``: ``paths`` read as one document and stored as one version, or, when one
    of them cannot be read or the document cannot be stored, one line and nothing stored."""
    from yusuan.parse import ParseError, read_file
    from yusuan.web import ingest

    start = time.perf_counter()
    files = _together_files(paths)
    named: list[tuple[bytes, str]] = []
    for path in files:  # each file read and recognised apart first: an error names its path
        name = ingest.safe_filename(str(path))
        try:
            content = read_file(path)
            kind = ingest.sniff(content, name)
        except ParseError as exc:
            raise fail(f"{path}：{_after_name(str(exc), exc.file)}") from None
        except ingest.IngestError as exc:
            raise fail(f"{path}：{_after_name(exc.message, name)}") from None
        if len(files) > 1 and kind not in ingest.COMBINABLE:
            raise fail(
                f"{path}：合并为一份的文件须是 PDF 或 PDF 文本（这是{ingest.KIND_LABELS[kind]}），"
                "请不加 --together 单独导入"
            )
        named.append((content, name))
    try:
        found = ingest.analyse_together(named)
    except ingest.IngestError as exc:
        raise fail(_typed(exc.message, files)) from None
    engine, shown = _open_store(db)  # only now: bad input leaves no trace, not even a database
    try:
        done = ingest.store(engine, found, note)
    except ingest.IngestError as exc:
        raise fail(_typed(exc.message, files)) from None
    finally:
        engine.dispose()
    typer.echo(_stored(JOIN.join(map(str, files)), done))
    seconds = time.perf_counter() - start
    outcome = "与已存相同，未写入" if done.duplicate else "新版本 1"
    typer.echo(
        f"{len(files)} 个文件合并为一份：{outcome}；用时 {seconds:.1f} 秒；数据库 {shown}",
        err=True,
    )


#: how the paths of files read together are shown ("说明.pdf + 表格.pdf", as the store names them)
JOIN = " + "


def _together_files(paths: Sequence[Path]) -> list[Path]:
    """The files named with ``--together``, each a file named once (the order is the user's:
    no directory, whose files' order and membership would be a guess)."""
    from yusuan.web.ingest import MAX_FILES

    if len(paths) > MAX_FILES:
        raise fail(f"--together 一次最多合并 {MAX_FILES} 个文件（给出了 {len(paths)} 个）")
    seen: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            raise fail(f"{path}：是目录；--together 须按顺序逐个列出同一份公开文件的几个文件")
        if not path.exists():
            raise fail(f"{path}：路径不存在")
        key = path.resolve()
        if key in seen:
            raise fail(f"{path}：与 {seen[key]} 是同一个文件，列出了两次")
        seen[key] = path
    return list(paths)


def _open_store(db: str | None) -> tuple[Engine, str]:
    """The store at ``--db`` (else ``DATABASE_URL``, else ./yusuan.sqlite), migrated, and its
    URL as shown (without credentials)."""
    from sqlalchemy.exc import SQLAlchemyError

    from yusuan.store import database_url, make_engine, migrate

    url = database_url(db)
    shown = url.split("@")[-1] if "@" in url else url
    try:
        engine = make_engine(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        reason = exc.args[0] if exc.args else type(exc).__name__
        raise fail(f"无法打开数据库 {shown}：{one_line(str(reason))}") from None
    return engine, shown


def _stored(path: str, done: ImportResult) -> str:
    """The line saying what became of a stored document."""
    if done.duplicate:
        return f"{path}：与已存的第 {done.number} 版相同，未写入"
    return (
        f"{path}：{done.department} {done.year} 年 第 {done.number} 版"
        f"（错误 {done.errors}，警告 {done.warnings}）"
    )


def _split_hint(stored: list[tuple[str, ImportResult]]) -> str:
    """Several PDF (text) files of one run that became versions of the same budget: perhaps one
    disclosure published as several files, which only the user can tell (names do not)."""
    paths = "、".join(path for path, _ in stored)
    done = stored[0][1]
    return (
        f"提示：{paths} 存为 {done.department} {done.year} 年的 {len(stored)} 个版本；"
        "若它们是分开发布的同一份公开文件（如说明与表格），请按顺序用 "
        "yusuan import --together 合并为一份入库"
    )


def _typed(message: str, files: Sequence[Path]) -> str:
    """An error about files read together, naming the paths typed instead of the file names
    (the file the message starts with, or all of them)."""
    from yusuan.web.ingest import safe_filename

    line = one_line(message)
    names = [safe_filename(str(f)) for f in files]
    for joined in (JOIN.join(names), "、".join(names)):
        if line.startswith(f"{joined}："):
            return JOIN.join(map(str, files)) + line[len(joined) :]
    for name, path in zip(names, files, strict=True):
        if line.startswith(f"{name}："):
            return f"{path}{line[len(name) :]}"
    return f"{JOIN.join(map(str, files))}：{line}"


def _after_name(message: str, name: str) -> str:
    """An error line without the file name it starts with (the path typed is shown instead)."""
    return one_line(message).removeprefix(f"{name}：")
