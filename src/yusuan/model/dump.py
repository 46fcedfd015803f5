"""Writing a :class:`Budget` back as a budget file (YAML) that loads to an equal budget.

Only what differs from the defaults is written; money is written as plain numbers with
two decimals (``361.39``), codes as quoted text (``"2013101"``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml

from yusuan.model.budget import Budget


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimal as a plain number and never uses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _enum(dumper: yaml.SafeDumper, value: Enum) -> yaml.ScalarNode:
    return dumper.represent_str(str(value.value))


def _date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _tuple(dumper: yaml.SafeDumper, value: tuple[Any, ...]) -> yaml.SequenceNode:
    return dumper.represent_list(list(value))


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_multi_representer(Enum, _enum)
_Dumper.add_representer(date, _date)
_Dumper.add_representer(tuple, _tuple)


def _plain(value: Any) -> Any:
    """Dict keys that are enums become their text; everything else passes through."""
    if isinstance(value, dict):
        return {(k.value if isinstance(k, Enum) else k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump_budget(budget: Budget) -> str:
    """The budget file text for ``budget``; ``load_budget_text(dump_budget(b)) == b``."""
    data = _plain(budget.model_dump(mode="python", exclude_defaults=True))
    header = (
        "# yusuan budget file（预算文件）. Schema: docs/budget-file.md\n"
        f"# {budget.year} {' '.join(budget.department.name.split())}\n"
    )
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return header + body
