"""The auditor gives exactly the pinned results on frozen documents (the seed as parsed, the
sample compiled and rendered) and on ~600 mutants of them: a speed-up must not change a
status, a reason, a finding, its place or its figures.  See tests/audit/pinned.py."""

from __future__ import annotations

import pytest
from pinned import DOCUMENTS, MUTATED, document, mutant_digests, pinned, report_data

from yusuan.audit import audit


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_rule_result_on_the_frozen_document_is_as_pinned(name: str) -> None:
    got = report_data(audit(document(name)))
    want = pinned()["documents"][name]
    assert [r["rule"] for r in got] == [r["rule"] for r in want], "rules added or removed"
    for g, w in zip(got, want, strict=True):
        assert g == w, g["rule"]


def test_the_seed_pin_holds_its_known_mistakes() -> None:
    """The pin is not empty: it has the seed's planted-in-print mistakes at their places."""
    results = {r["rule"]: r for r in pinned()["documents"]["seed"]}
    prs = results["PRS-023"]["findings"]
    assert prs and prs[0]["expected"] != prs[0]["actual"]
    assert results["PRJ-005"]["status"] == "failed"
    assert results["TBL-SUM-001"]["status"] == "passed"


@pytest.mark.parametrize("name", sorted(MUTATED))
def test_every_mutant_gets_the_pinned_results(name: str) -> None:
    got = mutant_digests(name)
    want = pinned()["mutants"][name]
    assert len(got) == len(want) >= 300
    changed = [g[0] for g, w in zip(got, want, strict=True) if g != w]
    assert not changed, changed[:10]
