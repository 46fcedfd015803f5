"""The rule registry: ``@rule(...)`` adds a function to the list every audit runs."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable

from yusuan.audit.core import FAMILIES, Rule, RuleFn, Severity

_RULES: dict[str, Rule] = {}
_SORTED: list[Rule] = []  # all_rules(), emptied when a rule is registered
_ID = re.compile(r"^[A-Z]{3}(-[A-Z]+)?-\d{3}$")

#: rule modules, one per family, in report order
FAMILY_MODULES = (
    *(f"yusuan.audit.rules.{family}" for family in FAMILIES),
    "yusuan.audit.rules.prose_arithmetic",  # prose figures against each other (family prose)
)


def rule(
    *, id: str, family: str, severity: Severity | str, title: str
) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under ``id`` (``TBL-SUM-003``)."""
    if not _ID.match(id):
        raise ValueError(f"bad rule id {id!r}")
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")

    def register(fn: RuleFn) -> RuleFn:
        if id in _RULES and _RULES[id].fn is not fn:
            raise ValueError(f"duplicate rule id {id}")
        _RULES[id] = Rule(id, family, Severity(severity), title, fn, inspect.getdoc(fn) or "")
        _SORTED.clear()
        return fn

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in family order then id order."""
    if not _SORTED:
        for module in FAMILY_MODULES:
            importlib.import_module(module)
        order = {f: i for i, f in enumerate(FAMILIES)}
        _SORTED[:] = sorted(_RULES.values(), key=lambda r: (order[r.family], r.id))
    return list(_SORTED)


def get_rule(rule_id: str) -> Rule:
    all_rules()
    return _RULES[rule_id]
