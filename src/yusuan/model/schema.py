"""The budget file schema, from the pydantic models: JSON Schema and a Chinese reference.

``python -m yusuan.model.schema --write docs/budget-file.md`` regenerates the reference part
of ``docs/budget-file.md`` (between the GENERATED markers); the Chinese terms come from
``schema_terms.yaml``.  A test keeps the document from going stale.
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from yusuan.model.budget import Budget
from yusuan.model.money import to_money
from yusuan.model.sources import GROUP_LABELS, SOURCE_LABELS, FundSource, SourceGroup

BEGIN = "<!-- BEGIN GENERATED: python -m yusuan.model.schema --write docs/budget-file.md -->"
END = "<!-- END GENERATED -->"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a budget file (validation-side view)."""
    return Budget.model_json_schema(mode="validation")


@cache
def terms() -> dict[str, Any]:
    text = resources.files("yusuan.model").joinpath("schema_terms.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def models() -> list[type[BaseModel]]:
    """Every model a budget file can contain, in the order a reader meets them."""
    seen: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for sub in _models_in(info.annotation):
                walk(sub)

    walk(Budget)
    return seen


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out.append(annotation)
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def _is_money(metadata: list[Any]) -> bool:
    return any(isinstance(m, BeforeValidator) and m.func is to_money for m in metadata)


def _type_text(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A short Chinese description of a field's type."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        meta: list[Any] = []
        for item in extra:
            meta.append(item)
            if isinstance(item, FieldInfo):
                meta += item.metadata
                if item.description:
                    return f"编码文本（{item.description}）"
        return _type_text(base, metadata + meta)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = " 或 ".join(_type_text(a, metadata) for a in args)
        return f"{inner}（可省略）"
    if origin is tuple:
        return f"列表：{_type_text(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"映射：{_type_text(key)} → {_type_text(value)}"
    if origin is typing.Literal:
        return "取值之一：" + " / ".join(str(a) for a in typing.get_args(annotation))
    if annotation is Decimal:
        return "金额（万元，最多两位小数）" if _is_money(metadata) else "数字"
    if annotation is str:
        pattern = next(
            (getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None
        )
        return f"文本（格式 `{pattern}`）" if pattern else "文本"
    if annotation is int:
        return "整数"
    if annotation is FundSource:
        return "[资金来源](#fundsource)"
    if annotation is SourceGroup:
        return "[资金来源组](#sourcegroup)"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "取值之一：" + " / ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{_title(annotation)}](#{annotation.__name__.lower()})"
    name = getattr(annotation, "__name__", str(annotation))
    return {"date": "日期 YYYY-MM-DD"}.get(name, name)


def _title(model: type[BaseModel]) -> str:
    entry = terms().get(model.__name__, {})
    return str(entry.get("title", model.__name__))


def _default_text(info: FieldInfo) -> str:
    if info.is_required():
        return "**必填**"
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        value = info.default
    if value is None or value is PydanticUndefined:
        return "省略"
    if isinstance(value, tuple | dict | list) and not value:
        return "空"
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, BaseModel):
        return "（各项取默认）"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def missing_terms() -> list[str]:
    """``Model.field`` names that have no Chinese entry in ``schema_terms.yaml``."""
    out = []
    for model in models():
        entry = terms().get(model.__name__) or {}
        fields = entry.get("fields") or {}
        out += [f"{model.__name__}.{n}" for n in model.model_fields if n not in fields]
    return out


def reference_markdown() -> str:
    """The generated reference: one table per record, then the enumerations."""
    parts: list[str] = []
    for model in models():
        entry = terms().get(model.__name__) or {}
        fields = entry.get("fields") or {}
        parts.append(
            f'<a id="{model.__name__.lower()}"></a>\n### {_title(model)} (`{model.__name__}`)\n'
        )
        parts.append("| 键 | 类型 | 中文 | 默认 | 说明 | 示例 |")
        parts.append("|---|---|---|---|---|---|")
        for name, info in model.model_fields.items():
            term = fields.get(name) or {}
            example = term.get("example")
            parts.append(
                "| "
                + " | ".join(
                    [
                        f"`{name}`",
                        _cell(
                            f"编码文本（{info.description}）"
                            if info.description and info.annotation is str
                            else _type_text(info.annotation, info.metadata)
                        ),
                        _cell(str(term.get("term", ""))),
                        _cell(_default_text(info)),
                        _cell(str(term.get("note", ""))),
                        f"`{_cell(str(example))}`" if example else "",
                    ]
                )
                + " |"
            )
        parts.append("")
    parts.append('<a id="fundsource"></a>\n### 资金来源取值 (`source`)\n')
    parts.append("| 取值 | 表中名称 | 所属资金来源组 |")
    parts.append("|---|---|---|")
    from yusuan.model.sources import group_of

    for source in FundSource:
        group = group_of(source)
        parts.append(f"| `{source.value}` | {SOURCE_LABELS[source]} | {GROUP_LABELS[group]} |")
    parts.append("")
    parts.append('<a id="sourcegroup"></a>')
    parts.append("### 资金来源组取值（`prior_year.revenue`、`reasons.revenue` 的键）\n")
    parts.append("| 取值 | 名称 |")
    parts.append("|---|---|")
    for group_value in SourceGroup:
        parts.append(f"| `{group_value.value}` | {GROUP_LABELS[group_value]} |")
    return "\n".join(parts) + "\n"


def render_document(current: str) -> str:
    """``current`` with the text between the GENERATED markers replaced."""
    if BEGIN not in current or END not in current:
        raise ValueError("文档中没有 GENERATED 标记")
    head, rest = current.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{reference_markdown()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="预算文件格式说明（由模型生成）")
    parser.add_argument("--write", type=Path, help="更新此 Markdown 文件中的生成部分")
    parser.add_argument("--json", action="store_true", help="输出 JSON Schema")
    args = parser.parse_args(argv)
    if args.json:
        import json

        print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.write:
        try:
            current = args.write.read_text(encoding="utf-8")
            args.write.write_text(render_document(current), encoding="utf-8")
        except (OSError, ValueError) as exc:
            print(f"{args.write}: {exc}", file=sys.stderr)
            return 2
        return 0
    print(reference_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
