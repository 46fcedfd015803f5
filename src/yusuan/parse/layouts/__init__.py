"""Layouts as data: table titles, synonyms, header patterns, prose patterns (YAML files here)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def layout(name: str) -> dict[str, Any]:
    """The parsed YAML file ``name``.yaml of this folder (read once)."""
    text = resources.files("yusuan.parse.layouts").joinpath(f"{name}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
