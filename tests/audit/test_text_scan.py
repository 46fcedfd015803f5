"""The text rules search a document's joined text once instead of every line.  These
properties hold for any text: the lines the one search picks include every line where the
rule's own pattern matches, so the shortcut never loses a finding."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.audit import audit, get_rule
from yusuan.audit.rules import catalog, text_quality
from yusuan.audit.rules.text_quality import has_latin, latin_lines, lines_with
from yusuan.model.disclosure import Disclosure

# characters the patterns care about, plus ordinary text
ALPHABET = [
    *"0123456789.,.,万元 \t年xX*■××，，。。、；：岀⼀ABUSPsbup支出类一般公共服务",
    "234 抗疫特别国债还本支出",
    "201 一般公共服务支出",
    "1,234.56万元",
    "2820.55 万元",
    "2. 万元",
    "USB电池",
    "UPS电池",
]
LINES = st.lists(
    st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join), min_size=1, max_size=12
)


def _doc(lines: list[str]) -> Disclosure:
    return Disclosure(source="t", origin="parsed", year=2023, text_lines=tuple(lines))


def _per_line(lines: list[str], pattern: re.Pattern[str]) -> set[int]:
    return {i for i, line in enumerate(lines) if pattern.search(line)}


PROBES = [
    (text_quality._variant_pattern(), text_quality._variant_pattern()),
    (text_quality._TRUNCATED, text_quality._TRUNCATED_PROBE),
    (text_quality._NO_COMMA, text_quality._NO_COMMA_PROBE),
    (text_quality._DOUBLED, text_quality._DOUBLED),
    (text_quality._redaction(), text_quality._redaction_chars()),
    (re.compile("支出"), ("支出",)),
]


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_probes_find_every_line_the_pattern_matches(lines: list[str]) -> None:
    d = _doc(lines)
    for pattern, probe in PROBES:
        assert _per_line(lines, pattern) <= set(lines_with(d, probe)), pattern.pattern
    latin = re.compile(r"[A-Za-z]{2}")
    assert set(latin_lines(d)) == _per_line(lines, latin)
    assert all(has_latin(x) == bool(latin.search(x)) for x in lines)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_thousands_and_category_lines_as_whole_text_searches(lines: list[str]) -> None:
    d = _doc(lines)
    text = "\n".join(lines)
    assert text_quality._uses_thousands(d) == bool(text_quality._WITH_COMMA.search(text))
    whole = [m.groups() for m in catalog._CATEGORY_LINE.finditer(text)]
    by_line = [m.groups() for line in lines for m in catalog._category_lines(line)]
    assert by_line == whole


def _naive(lines: list[str]) -> dict[str, list[tuple[int, str | None]]]:
    """What each text rule reports (line, actual), searching every line on its own."""
    q = text_quality
    out: dict[str, list[tuple[int, str | None]]] = {}

    def each(pattern: re.Pattern[str], need: str = "") -> list[tuple[int, str | None]]:
        found = []
        for i, line in enumerate(lines):
            match = pattern.search(line) if need in line else None
            if match:
                found.append((i + 1, match.group(0)))
        return found

    out["TXT-002"] = [(i + 1, line.strip()) for i, line in enumerate(lines) if q._variants_in(line)]
    out["TXT-007"] = each(q._redaction())
    out["TXT-010"] = each(q._DOUBLED)
    if q._WITH_COMMA.search("\n".join(lines)):
        out["TXT-009"] = each(q._NO_COMMA, "万元")
    truncated = each(q._TRUNCATED, "万")
    for i in range(len(lines) - 1):  # "2." at a line's end, "万元" on the next
        a = lines[i].rstrip()
        if a[-1:] == "." and a[-2:-1].isdigit() and i + 1 not in dict(truncated):
            match = q._TRUNCATED.search(a + lines[i + 1].lstrip()[:4])
            if match:
                truncated.append((i + 1, match.group(0)))
    out["TXT-003"] = truncated
    return out


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_text_rules_find_what_a_search_of_every_line_finds(lines: list[str]) -> None:
    d = _doc(lines)
    naive = _naive(lines)
    report = audit(d, [get_rule(i) for i in naive])
    for rule_id, expected in naive.items():
        got = [(f.location.line or 0, f.actual) for f in report.result(rule_id).findings]
        assert got == expected, rule_id


# a lookalike block's edges, characters sharing their UTF-16 high byte outside the blocks,
# a character beyond U+FFFF
VARIANT_ALPHABET = [
    *"岀費户一支出，\n ",
    *"\u2e80\u2eff\u2f00\u2fdf\u2fe0\u2ff0\u2e7f\uf900\ufaff\ufb00\uf8ff",
    "\U00020000",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VARIANT_ALPHABET), max_size=8).map("".join), max_size=8))
def test_variant_lines_are_the_lines_the_pattern_matches(lines: list[str]) -> None:
    d = _doc(lines)
    expected = lines_with(d, text_quality._variant_pattern())
    assert text_quality.variant_lines(d) == expected
    assert set(expected) == _per_line(lines, text_quality._variant_pattern())
