"""Over many varied budgets (tests/factory.py): the prose is complete, and it agrees with the
tables in the auditor's eyes."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from factory import budgets
from yusuan.audit import audit
from yusuan.compile import disclose, prior_from_budget
from yusuan.compile.narrative import narrative_claims
from yusuan.model.budget import Budget
from yusuan.render.document import document


@settings(max_examples=40)
@given(budgets(), budgets())
def test_prose_is_complete_and_consistent(this_year: Budget, last_year: Budget) -> None:
    # 上年预算数 from another budget file (as --prior does): consistent by construction, so
    # the auditor's checks of the priors implied by the prose (PRS-040…043) apply too
    budget = this_year.model_copy(update={"prior_year": prior_from_budget(last_year)})
    doc = document(budget)
    text = doc.text
    assert "None" not in text
    rank = {"part": 0, "h1": 1, "h2": 2}
    blocks = [b for b in doc.blocks if b.kind != "signature"]
    for here, after in itertools.pairwise(blocks):
        if here.kind in rank and after.kind in rank:
            assert rank[after.kind] > rank[here.kind], f"empty heading: {here.text}"
    report = audit(disclose(budget, narrative_claims(budget)))
    prose = [
        (f.rule, f.message)
        for f in report.findings
        if f.location.part in ("narrative", "profile") and f.severity.value == "error"
    ]
    assert prose == []
