"""Loading a budget file (YAML) into a :class:`Budget`, with errors that name the place.

Numbers are read as ``Decimal`` straight from the YAML text (never through float).
Every error becomes one :class:`BudgetFileError`: file, line, key path and message.
"""

from __future__ import annotations

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


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


def _string(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
# Dates stay strings unless a field wants a date; pydantic parses them.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _string)


def _index_lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"重复的键：{key}", key_node.start_mark
                )
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + 1
            _index_lines(value_node, (*path, key), out)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out)


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


def load_budget_text(text: str, file: str = "<budget>") -> Budget:
    """Parse YAML text into a Budget, raising :class:`BudgetFileError`."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BudgetFileError(
            file, f"YAML 格式错误：{problem}", line=mark.line + 1 if mark else None
        ) from None
    if node is None:
        raise BudgetFileError(file, "文件为空：没有预算内容")
    lines: dict[tuple[Any, ...], int] = {}
    try:
        _index_lines(node, (), lines)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BudgetFileError(
            file, f"YAML 格式错误：{problem}", line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(data, dict):
        raise BudgetFileError(file, "预算文件的顶层必须是键值映射（year、department …）", line=1)
    try:
        return Budget.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = _clean_loc(err["loc"])
        message = _message(err)
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, InvariantError):
            loc = (*loc, *original.loc)
        extra = f"（另有 {exc.error_count() - 1} 处错误）" if exc.error_count() > 1 else ""
        raise BudgetFileError(
            file, message + extra, path=_dotted(loc), line=_line_for(lines, loc)
        ) from None


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
        return f"应为整数：{err.get('input')!r}"
    if kind == "enum":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"取值 {err.get('input')!r} 不在允许范围内：{expected}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能为负数：{err.get('input')!r}"
    return str(err["msg"])


def load_budget(path: str | Path) -> Budget:
    """Load a budget file, raising :class:`BudgetFileError` with the place of any problem."""
    p = Path(path)
    name = str(path)
    try:
        if p.stat().st_size > _MAX_BYTES:
            raise BudgetFileError(name, f"文件过大（超过 {_MAX_BYTES // 1024 // 1024} MB）")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise BudgetFileError(name, "文件不存在") from None
    except IsADirectoryError:
        raise BudgetFileError(name, "这是目录，不是预算文件") from None
    except PermissionError:
        raise BudgetFileError(name, "没有读取权限") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BudgetFileError(
            name, f"不是 UTF-8 编码的文本（第 {exc.start} 字节）；请另存为 UTF-8"
        ) from None
    return load_budget_text(text, name)
