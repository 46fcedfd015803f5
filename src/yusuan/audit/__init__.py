"""审核: rules that find the inconsistencies of a disclosure and point at their place.

``audit(disclosure)`` runs every registered rule and returns an :class:`AuditReport`
(results per rule, findings, summary per family with *not run* accounting).
"""

from yusuan.audit.core import (
    FAMILIES,
    AuditReport,
    Finding,
    Issue,
    NotApplicable,
    NotRun,
    Rule,
    RuleResult,
    Severity,
    Status,
    audit,
)
from yusuan.audit.registry import all_rules, get_rule, rule

__all__ = [
    "FAMILIES",
    "AuditReport",
    "Finding",
    "Issue",
    "NotApplicable",
    "NotRun",
    "Rule",
    "RuleResult",
    "Severity",
    "Status",
    "all_rules",
    "audit",
    "get_rule",
    "rule",
]
