"""Reading ``layouts.yaml``: the tables' titles, column trees and row definitions."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from yusuan.compile.table import Column, ColumnGroup
from yusuan.model.sources import FundSource


@cache
def layout_data() -> dict[str, Any]:
    text = resources.files("yusuan.compile").joinpath("layouts.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def table_layout(key: str) -> dict[str, Any]:
    for spec in layout_data()["tables"]:
        if spec["key"] == key:
            return dict(spec)
    raise KeyError(key)


def build_tree(nodes: list[dict[str, Any]]) -> tuple[ColumnGroup, ...]:
    out: list[ColumnGroup] = []
    for node in nodes:
        if "children" in node:
            out.append(ColumnGroup(node["label"], children=build_tree(node["children"])))
        else:
            out.append(
                ColumnGroup(node["label"], column=Column(node["key"], node["label"], node["kind"]))
            )
    return tuple(out)


def sources_of(spec: dict[str, Any]) -> frozenset[FundSource]:
    return frozenset(FundSource(s) for s in spec.get("sources", []))


def leaf_specs(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if "children" in node:
            out.extend(leaf_specs(node["children"]))
        else:
            out.append(node)
    return out
