"""The auditor's core: rules, findings, results and the report.

A rule is a small function ``(d: Disclosure) -> Iterable[Finding]`` registered with
:func:`rule`.  It yields nothing when the check holds; it raises :class:`NotRun` when it
cannot check (a table missing, a figure not stated) and :class:`NotApplicable` when the
check does not concern this document.  Every rule is accounted for in the report: a rule
that could not run is *not run* with its reason, never counted as passed.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Concatenate, ParamSpec, TypeVar

from yusuan.model.disclosure import Disclosure, Location


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Status(StrEnum):
    passed = "passed"
    failed = "failed"
    not_applicable = "not_applicable"
    not_run = "not_run"

    @property
    def label(self) -> str:
        return {
            "passed": "通过",
            "failed": "未通过",
            "not_applicable": "不适用",
            "not_run": "未运行",
        }[self.value]


FAMILIES: dict[str, str] = {
    "table_arithmetic": "表内运算",
    "cross_table": "表间勾稽",
    "prose": "文字与表格",
    "projects": "项目说明与表7",
    "performance": "绩效目标",
    "catalog": "科目编码",
    "completeness": "公开完整性",
    "text_quality": "文字质量",
}


class NotRun(Exception):
    """The rule could not check this document (the reason is shown to the user)."""


class NotApplicable(Exception):
    """The rule does not concern this document."""


@dataclass(frozen=True)
class Finding:
    """One inconsistency: the rule, what is wrong, where, and the stated vs expected value."""

    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None
    related: tuple[Location, ...] = ()  # other places the finding concerns

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "location": {
                "part": loc.part,
                "table": loc.table,
                "row": loc.row,
                "column": loc.column,
                "line": loc.line,
            },
            "expected": self.expected,
            "actual": self.actual,
        }

    def points_at(self, table: int | None, row: str | None) -> bool:
        """Whether this finding concerns ``table`` (and ``row``, when given)."""
        for loc in (self.location, *self.related):
            if loc.table == table and (row is None or loc.row == row):
                return True
        return False


@dataclass(frozen=True)
class Issue:
    """What a rule function yields; the runner adds the rule's id and severity."""

    message: str
    location: Location = field(default_factory=Location)
    expected: object = None
    actual: object = None
    related: tuple[Location, ...] = ()
    severity: Severity | None = None


RuleFn = Callable[[Disclosure], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: Severity
    title: str
    fn: RuleFn
    doc: str = ""

    def finding(self, issue: Issue) -> Finding:
        return Finding(
            rule=self.id,
            severity=issue.severity or self.severity,
            message=issue.message,
            location=issue.location,
            expected=None if issue.expected is None else str(issue.expected),
            actual=None if issue.actual is None else str(issue.actual),
            related=issue.related,
        )


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class AuditReport:
    document: str
    results: tuple[RuleResult, ...]
    seconds: float = 0.0

    @property
    def findings(self) -> list[Finding]:
        order = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
        out = [f for r in self.results for f in r.findings]
        return sorted(out, key=lambda f: order[f.severity])

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.error for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def result(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.rule.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Per family: passed, failed, not_applicable, not_run (counts of rules)."""
        out: dict[str, dict[str, int]] = {}
        for family in FAMILIES:
            counts = Counter(r.status for r in self.results if r.rule.family == family)
            out[family] = {s.value: counts.get(s, 0) for s in Status}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "summary": {
                "families": self.summary,
                "rules": len(self.results),
                "errors": self.count(Severity.error),
                "warnings": self.count(Severity.warning),
                "infos": self.count(Severity.info),
                "not_run": [
                    {"rule": r.rule.id, "reason": r.reason}
                    for r in self.results
                    if r.status is Status.not_run
                ],
            },
            "findings": [f.to_dict() for f in self.findings],
        }


_P = ParamSpec("_P")
_T = TypeVar("_T")
_O = TypeVar("_O")

#: per-audit cache of what rules derive from a document (one per thread or task)
_MEMO: ContextVar[dict[object, tuple[object, object]] | None] = ContextVar(
    "yusuan_audit_memo", default=None
)


def per_document(fn: Callable[Concatenate[_O, _P], _T]) -> Callable[Concatenate[_O, _P], _T]:
    """Compute ``fn(obj, *args)`` once per audit: many rules ask for the same lookup of the
    same table or document (rows by code, children, the joined text).

    The cache lives only while :func:`audit` runs (outside an audit ``fn`` is just called),
    keys on the object's identity — documents, tables and rows are frozen records — and
    keeps the object alive so the identity is not reused.  Callers must not change the
    value returned.
    """

    @functools.wraps(fn)
    def cached(obj: _O, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        memo = _MEMO.get()
        if memo is None or kwargs:
            return fn(obj, *args, **kwargs)
        key = (fn, id(obj), *args)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = (obj, fn(obj, *args, **kwargs))
        return hit[1]  # type: ignore[return-value]

    if len(inspect.signature(fn).parameters) > 1:
        return cached
    get_memo = _MEMO.get

    @functools.wraps(fn)
    def cached_one(obj: _O) -> _T:  # the same for a function of the object alone: most are
        memo = get_memo()
        if memo is None:
            return fn(obj)  # type: ignore[call-arg]
        key = (fn, id(obj))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = (obj, fn(obj))  # type: ignore[call-arg]
        return hit[1]  # type: ignore[return-value]

    return cached_one  # type: ignore[return-value]


def _result(
    rule: Rule, status: Status, findings: tuple[Finding, ...] = (), reason: str | None = None
) -> RuleResult:
    """``RuleResult(rule, status, findings, reason)`` with its fields set in one step: the
    frozen dataclass's ``__init__`` sets each through ``object.__setattr__`` (an audit
    makes one result per rule, 200 of them)."""
    result: RuleResult = object.__new__(RuleResult)
    result.__dict__.update(rule=rule, status=status, findings=findings, reason=reason)
    return result


#: while a rule runs over a document with guessed tables: the tables it asked for
_READS: ContextVar[set[str] | None] = ContextVar("yusuan_audit_reads", default=None)


def table_read(key: str) -> None:
    """Note that the running rule reads table ``key`` (see :func:`run_rule`)."""
    reads = _READS.get()
    if reads is not None:
        reads.add(key)


def _on_guess(found: tuple[Finding, ...], reads: set[str], d: Disclosure) -> str | None:
    """Why findings resting on a table whose columns are partly a guess are no findings:
    the rule read it, or a finding stands in it."""
    from yusuan.audit.rules._common import table_name

    keys = reads | {f.location.table_key for f in found if f.location.table_key}
    for key in d.guessed_tables:
        if key in keys:
            return f"依据的{table_name(key)}读自文本：{d.guessed_tables[key]}，核对结果不可靠"
    return None


def run_rule(r: Rule, disclosure: Disclosure) -> RuleResult:
    """Run one rule; a crash becomes *not run* with the exception text.  Findings that rest on
    a table whose columns are partly a guess (parsed text, search given up) make the rule
    *not run* with the reason: they would point at cells the text never placed."""
    if disclosure.guessed_tables:
        reads: set[str] = set()
        token = _READS.set(reads)
        try:
            result = _run(r, disclosure)
        finally:
            _READS.reset(token)
        if result.status is Status.failed:
            reason = _on_guess(result.findings, reads, disclosure)
            if reason is not None:
                return _result(r, Status.not_run, reason=reason)
        return result
    return _run(r, disclosure)


def _run(r: Rule, disclosure: Disclosure) -> RuleResult:
    try:
        issues = list(r.fn(disclosure))
        found = tuple(map(r.finding, issues)) if issues else ()
    except NotRun as exc:
        return _result(r, Status.not_run, reason=str(exc))
    except NotApplicable as exc:
        return _result(r, Status.not_applicable, reason=str(exc))
    except Exception as exc:  # a rule bug must never crash the audit
        return _result(r, Status.not_run, reason=f"规则运行出错：{type(exc).__name__}: {exc}")
    return _result(r, Status.failed if found else Status.passed, found)


def audit(disclosure: Disclosure, rules: Iterable[Rule] | None = None) -> AuditReport:
    """Run every registered rule (or ``rules``) over ``disclosure``."""
    from yusuan.audit.registry import all_rules

    start = time.perf_counter()
    chosen = tuple(all_rules() if rules is None else rules)
    token = _MEMO.set({})
    try:
        results = tuple(run_rule(r, disclosure) for r in chosen)
    finally:
        _MEMO.reset(token)
    return AuditReport(disclosure.source, results, time.perf_counter() - start)


def with_source_lines(
    disclosure: Disclosure, raw_lines: list[str], numbers: list[int]
) -> Disclosure:
    """The disclosure with its text lines as printed in the source (before any normalising
    a reader did) and their source line numbers, so text rules see and cite the original.

    ``numbers`` gives, for each of the disclosure's text lines, its 1-based source line.
    """
    if len(numbers) != len(disclosure.text_lines) or any(
        not 0 < n <= len(raw_lines) for n in numbers
    ):
        return disclosure
    return disclosure.model_copy(
        update={
            "text_lines": tuple(raw_lines[n - 1].strip() for n in numbers),
            "text_line_numbers": tuple(numbers),
        }
    )
