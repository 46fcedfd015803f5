"""Loading a budget file (YAML) into a :class:`Budget`, with errors that name the place.

Numbers are read as ``Decimal`` straight from the YAML text (never through float).
Every error becomes one :class:`BudgetFileError`: file, line, key path and message.
"""

from __future__ import annotations

import difflib
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from yusuan.model.budget import Budget, InvariantError

_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class BudgetFileError(Exception):
    """A budget file that cannot be loaded: where, and why, in one line."""

    file: str
    message: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.message}"


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads floats as Decimal and refuses duplicate keys."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = str(loader.construct_scalar(node))
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text  # .inf, .nan: left as text, refused with their own spelling
    return value if value.is_finite() else text


def _string(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
# Dates stay strings unless a field wants a date; pydantic parses them.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _string)

#: libyaml's parser when PyYAML was built with it (several times faster); its error texts
#: differ, so a file it refuses is parsed again by the pure-Python parser for the message.
_FastLoader: type[yaml.SafeLoader] | Any = getattr(yaml, "CSafeLoader", _Loader)


def _compose(text: str) -> yaml.Node | None:
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError:
        if _FastLoader is _Loader:
            raise
        node = yaml.compose(text, Loader=_Loader)  # raises with the pure-Python message
    return node


def _construct(node: yaml.Node) -> Any:
    """Python data from a composed node, with yusuan's constructors (Decimal, dates as text)."""
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _PlaceError(Exception):
    """A problem found while indexing the YAML tree: message, key path, line."""

    def __init__(self, message: str, path: tuple[Any, ...], line: int) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line


_MAX_NODES = 1_000_000


def _index_lines(
    node: yaml.Node,
    path: tuple[Any, ...],
    out: dict[tuple[Any, ...], int],
    ancestors: set[int],
    count: list[int],
) -> None:
    count[0] += 1
    if count[0] > _MAX_NODES:
        raise _PlaceError(
            "别名（*name）展开后内容过多，不像预算文件", path, node.start_mark.line + 1
        )
    if id(node) in ancestors:
        raise _PlaceError("别名（*name）引用了包含它自己的内容", path, node.start_mark.line + 1)
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        ancestors.add(id(node))
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _PlaceError("键必须是文字，不能是列表或映射", path, line)
            if key in first:
                raise _PlaceError(
                    f"重复的键 {key}（第 {first[key]} 行已有；后一个会覆盖前一个，请合并）",
                    (*path, key),
                    line,
                )
            first[key] = line
            _index_lines(value_node, (*path, key), out, ancestors, count)
            out[(*path, key)] = line
        ancestors.discard(id(node))
    elif isinstance(node, yaml.SequenceNode):
        ancestors.add(id(node))
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out, ancestors, count)
        ancestors.discard(id(node))


def _line_for(lines: dict[tuple[Any, ...], int], loc: Sequence[Any]) -> int | None:
    key = tuple(str(p) if not isinstance(p, int) else p for p in loc)
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return lines.get(())


def _dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean_loc(loc: Sequence[Any]) -> tuple[Any, ...]:
    # pydantic adds validator names such as 'function-after[...]' for annotated types
    return tuple(p for p in loc if not (isinstance(p, str) and "[" in p and "(" not in p))


def _yaml_error(file: str, exc: yaml.YAMLError) -> BudgetFileError:
    """One Chinese line for a YAML syntax error, at the place the user should look."""
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    context = str(getattr(exc, "context", None) or "")
    if "'\\t'" in problem or "tab character" in problem:
        message = "不能用制表符（Tab）缩进或分隔，请改用空格"
    elif context_mark is not None and ("<stream end>" in problem or "expected ',' or" in problem):
        what = "括号"
        if "sequence" in context:
            what = "方括号 [ ]"
        elif "mapping" in context:
            what = "花括号 { }"
        message = f"{what}没有闭合或缺少逗号（从第 {context_mark.line + 1} 行开始）"
        mark = context_mark
    elif "expected a single document" in context or "another document" in problem:
        message = "文件中有多个 YAML 文档（“---” 分隔），一个预算文件只能有一个"
    elif "could not find expected ':'" in problem:
        message = "缺少冒号“:”（键与值之间要有“: ”）"
    elif "mapping values are not allowed" in problem:
        message = "这里不能出现“键: 值”（检查上一行的缩进或引号）"
    elif "found unexpected end of stream" in problem or "found unexpected end" in problem:
        message = "引号没有闭合"
    elif "found undefined alias" in problem or "found undefined tag" in problem:
        message = "不支持 YAML 别名或自定义标签"
    elif "could not determine a constructor" in problem:
        message = "不支持自定义 YAML 标签（!tag）"
    else:
        message = f"YAML 格式错误（{problem}）"
    line = mark.line + 1 if mark is not None else None
    if mark is not None:
        message += f"，第 {mark.column + 1} 列"
    return BudgetFileError(file, message, line=line)


def load_budget_text(text: str, file: str = "<budget>") -> Budget:
    """Parse YAML text into a Budget, raising :class:`BudgetFileError`."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        node = _compose(text)
        if node is None:
            raise BudgetFileError(file, "文件为空：没有预算内容")
        _index_lines(node, (), lines, set(), [0])
        data = _construct(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc) from None
    except _PlaceError as exc:
        raise BudgetFileError(file, exc.message, path=_dotted(exc.path), line=exc.line) from None
    except RecursionError:
        raise BudgetFileError(file, "嵌套层次过深，不像预算文件") from None
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "单个值"
        raise BudgetFileError(
            file, f"预算文件的顶层必须是键值映射（year、department …），这里是{kind}", line=1
        )
    try:
        return Budget.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A misspelt key shows up twice: as an unknown key and as a missing required one.
        # The unknown key is the place the clerk has to edit, so it is reported first.
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc = _clean_loc(err["loc"])
        message = _message(err)
        if err["type"] == "extra_forbidden":
            message += _did_you_mean(err, errors)
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, InvariantError):
            loc = (*loc, *original.loc)
        extra = f"（另有 {exc.error_count() - 1} 处错误）" if exc.error_count() > 1 else ""
        raise BudgetFileError(
            file, message + extra, path=_dotted(loc), line=_line_for(lines, loc)
        ) from None


def _shown(value: Any) -> str:
    """A value as the clerk typed it: numbers plain (no ``Decimal('8.5')``), text quoted."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _did_you_mean(err: Any, errors: list[Any]) -> str:
    """For an unknown key, the missing required key beside it whose name is closest."""
    parent = tuple(err["loc"][:-1])
    typed = str(err["loc"][-1])
    missing = [
        str(e["loc"][-1])
        for e in errors
        if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent
    ]
    close = difflib.get_close_matches(typed, missing, n=1, cutoff=0.6)
    return f"，是否应为 {close[0]}？" if close else ""


def _not_allowed(err: Any) -> str:
    """A value outside a fixed list; a near miss names the value it probably should be."""
    expected = str((err.get("ctx") or {}).get("expected", ""))
    typed = err.get("input")
    allowed = re.findall(r"'([^']*)'", expected)
    close = difflib.get_close_matches(str(typed), allowed, n=1, cutoff=0.75)
    if close:
        return f"取值 {typed!r} 不在允许范围内，是否应为 {close[0]}？"
    return f"取值 {typed!r} 不在允许范围内：{expected}"


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "未知的键（拼写错误？请对照 docs/budget-file.md）"
    if kind == "missing":
        return "缺少必填项"
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_pattern_mismatch":
        return f"格式不符：{err.get('input')!r}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"应为整数：{_shown(err.get('input'))}"
    if kind == "enum":
        return _not_allowed(err)
    if kind in ("greater_than_equal", "greater_than"):
        ctx = err.get("ctx") or {}
        bound = ctx.get("ge", ctx.get("gt", 0))
        if bound == 0:
            return f"不能为负数：{_shown(err.get('input'))}"
        relation = "不能小于" if kind == "greater_than_equal" else "应大于"
        return f"{relation} {bound}：{_shown(err.get('input'))}"
    if kind in ("less_than_equal", "less_than"):
        limit = (err.get("ctx") or {}).get("le", (err.get("ctx") or {}).get("lt", ""))
        return f"取值过大：{_shown(err.get('input'))}（上限 {limit}）"
    if kind == "string_type":
        return f'应为文字：{err.get("input")!r}（编码请加引号，如 "2013101"）'
    if kind == "string_too_short":
        return "不能为空"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为键值映射（key: value），这里是 {err.get('input')!r}"
    if kind in ("tuple_type", "list_type"):
        return f"应为列表（- …），这里是 {err.get('input')!r}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"日期格式应为 YYYY-MM-DD：{err.get('input')!r}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing"):
        return f"应为数字：{err.get('input')!r}"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为 true 或 false：{err.get('input')!r}"
    if kind == "literal_error":
        return _not_allowed(err)
    return f"取值不合法（{err['msg']}）"


def load_budget(path: str | Path) -> Budget:
    """Load a budget file, raising :class:`BudgetFileError` with the place of any problem."""
    p = Path(path)
    name = str(path)
    too_big = f"文件过大（超过 {_MAX_BYTES // 1024 // 1024} MB），不像预算文件"
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise BudgetFileError(name, "这是目录，不是预算文件")
        if not stat.S_ISREG(info.st_mode):
            raise BudgetFileError(name, "不是普通文件（设备、管道等），不能作为预算文件读取")
        if info.st_size > _MAX_BYTES:
            raise BudgetFileError(name, too_big)
        with p.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)  # the file may grow after stat
        if len(raw) > _MAX_BYTES:
            raise BudgetFileError(name, too_big)
    except FileNotFoundError:
        raise BudgetFileError(name, "文件不存在") from None
    except IsADirectoryError:
        raise BudgetFileError(name, "这是目录，不是预算文件") from None
    except PermissionError:
        raise BudgetFileError(name, "没有读取权限") from None
    except OSError as exc:
        raise BudgetFileError(name, f"无法读取文件（{exc.strerror or exc}）") from None
    if b"\x00" in raw[:4096]:
        raise BudgetFileError(
            name, "这不是文本文件（含有二进制内容）；预算文件应为 UTF-8 编码的 YAML"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码，"
        except UnicodeDecodeError:
            hint = ""
        raise BudgetFileError(
            name, f"不是 UTF-8 编码的文本（{hint}第 {exc.start} 字节）；请另存为 UTF-8", line=line
        ) from None
    return load_budget_text(text, name)
