"""Pinned audit results: frozen documents and every result the auditor gives on them.

The documents are frozen as JSON (``data/*.disclosure.json.gz``) so the pin checks the
auditor alone: a change in the parser, the compiler or the renderer does not move it.
``data/pinned_results.json.gz`` holds, for each document, every rule's status, reason and
findings (severity, message, location, expected, actual, related places), and for each
mutant of two of them (tests/audit/mutants.py) a digest of the same.

Regenerate only when a rule's behaviour is meant to change (and say so in the commit)::

    .venv/bin/python tests/audit/pinned.py --write
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from yusuan.audit import AuditReport, RuleResult, audit
from yusuan.model.disclosure import Disclosure, Location

DATA = Path(__file__).parent / "data"
RESULTS = DATA / "pinned_results.json.gz"
SEED = Path(__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"

#: frozen documents: the seed as parsed (plain, and with its source lines as the command
#: line audits it), the sample compiled with its prose, the sample rendered and read back
DOCUMENTS = ("seed", "seed_source_lines", "sample_narrated", "sample_rendered")
#: documents whose mutants are pinned, with the mutant generator's seed
MUTATED = {"seed": 11, "sample_rendered": 7}


def _path(name: str) -> Path:
    return DATA / f"{name}.disclosure.json.gz"


def _read(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def _write(path: Path, text: str) -> None:
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


@cache
def document(name: str) -> Disclosure:
    return Disclosure.model_validate_json(_read(_path(name)))


def _loc(loc: Location) -> dict[str, Any]:
    return loc.model_dump(mode="json", exclude_none=True)


def result_data(r: RuleResult) -> dict[str, Any]:
    """One rule's result as plain data (everything the user sees of it)."""
    return {
        "rule": r.rule.id,
        "status": r.status.value,
        "reason": r.reason,
        "findings": [
            {
                "severity": f.severity.value,
                "message": f.message,
                "location": _loc(f.location),
                "expected": f.expected,
                "actual": f.actual,
                "related": [_loc(x) for x in f.related],
            }
            for f in r.findings
        ],
    }


def report_data(report: AuditReport) -> list[dict[str, Any]]:
    return [result_data(r) for r in report.results]


def digest(report: AuditReport) -> str:
    text = json.dumps(report_data(report), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def mutant_digests(name: str) -> list[list[str]]:
    """[description, digest] for each mutant of the frozen document ``name``."""
    from mutants import mutants

    return [
        [m.description, digest(audit(m.document))]
        for m in mutants(document(name), seed=MUTATED[name])
    ]


def current() -> dict[str, Any]:
    """What the auditor gives now on the frozen documents."""
    return {
        "documents": {name: report_data(audit(document(name))) for name in DOCUMENTS},
        "mutants": {name: mutant_digests(name) for name in MUTATED},
    }


@cache
def pinned() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read(RESULTS))
    return data


def _freeze() -> None:
    """Write the frozen documents from the current parser, compiler and renderer."""
    from helpers import narrated
    from mutants import rendered

    from yusuan.audit.core import with_source_lines
    from yusuan.parse import parse_file

    parsed = parse_file(SEED)
    raw = SEED.read_text(encoding="utf-8").splitlines()
    numbers = [ln.no for ln in parsed.document.lines]
    docs = {
        "seed": parsed.disclosure,
        "seed_source_lines": with_source_lines(parsed.disclosure, raw, numbers),
        "sample_narrated": narrated(),
        "sample_rendered": rendered(),
    }
    DATA.mkdir(exist_ok=True)
    for name, d in docs.items():
        _write(_path(name), d.model_dump_json(indent=1))
        assert document(name) == d, name


def main(argv: list[str]) -> None:
    if "--freeze" in argv:
        _freeze()
    if "--write" in argv or "--freeze" in argv:
        _write(RESULTS, json.dumps(current(), ensure_ascii=False, indent=1))
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1:])
