"""Text quality (TXT-*): variant characters, truncated amounts, missing units, one thing
named two ways, contradictory statements, redaction markers."""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import accumulate, chain, repeat
from operator import add, attrgetter
from typing import Any

import yaml

from yusuan.audit.core import Issue, NotApplicable, NotRun, per_document
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import claims_for
from yusuan.model.disclosure import Disclosure, Location, StatedRow

FAMILY = "text_quality"


@cache
def _data() -> dict[str, Any]:
    text = resources.files("yusuan.audit").joinpath("text_quality.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _is_lookalike(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in _data()["lookalike_blocks"])


def variant_of(ch: str) -> str | None:
    """The standard character a variant stands for, or None."""
    std = _data()["variants"].get(ch)
    if std and std != ch:
        return str(std)
    if _is_lookalike(ch):
        return unicodedata.normalize("NFKC", ch)
    return None


def strip_variants(text: str) -> str:
    return "".join(variant_of(ch) or ch for ch in text)


@cache
def _variant_pattern() -> re.Pattern[str]:
    chars = "".join(re.escape(k) for k, v in _data()["variants"].items() if k != v)
    ranges = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _data()["lookalike_blocks"])
    return re.compile(f"[{chars}{ranges}]")


@cache
def _variant_chars() -> tuple[str, ...]:
    """The variant characters of ``_variant_pattern`` (those outside the lookalike blocks)."""
    return tuple(k for k, v in _data()["variants"].items() if k != v)


@cache
def _high_bytes() -> bytes:
    """A ``bytes.translate`` table for the high bytes of a text's UTF-16 code units: 1 where
    a lookalike block's characters have that high byte, 2 for a surrogate's (D8–DF)."""
    table = bytearray(256)
    for lo, hi in _data()["lookalike_blocks"]:
        table[lo >> 8 : (hi >> 8) + 1] = b"\x01" * ((hi >> 8) - (lo >> 8) + 1)
    table[0xD8:0xE0] = b"\x02" * 8
    return bytes(table)


@per_document
def variant_lines(d: Disclosure) -> list[int]:
    """``lines_with(d, _variant_pattern())`` found without a character-class search (the
    slowest of the text searches): a lookalike character by the high byte of its UTF-16
    code unit (the text's code units' high bytes marked in C; each character marked is
    confirmed by the pattern), each variant character by a plain search."""
    text, pattern = joined_text(d), _variant_pattern()
    units = text.encode("utf-16-be", "surrogatepass")[0::2].translate(_high_bytes())
    if b"\x02" in units:  # a character beyond U+FFFF: code units are not characters
        return lines_with(d, pattern)
    positions = []
    pos = units.find(b"\x01")
    while pos >= 0:
        if pattern.match(text, pos):
            positions.append(pos)
        pos = units.find(b"\x01", pos + 1)
    for ch in _variant_chars():
        positions += _find_all(text, ch)
    return lines_at(d, positions)


def _variants_in(text: str) -> list[tuple[str, str]]:
    return [(ch, variant_of(ch) or ch) for ch in _variant_pattern().findall(text)]


def _lines(d: Disclosure) -> tuple[str, ...]:
    if not d.text_lines:
        raise NotRun("没有文件文本（编制结果或未保存原文）")
    return d.text_lines


@per_document
def joined_text(d: Disclosure) -> str:
    """The text lines joined by newlines."""
    return "\n".join(d.text_lines)


@per_document
def _starts(d: Disclosure) -> list[int] | None:
    """The offset where each line starts in the joined text, or None when every newline of
    the joined text is a line break (no line holds one): a line's index is then the number
    of newlines before it, counted faster than this list is built."""
    if ascii_view(d).count(b"\n") == max(len(d.text_lines) - 1, 0):
        return None
    return list(accumulate(map(add, map(len, d.text_lines), repeat(1)), initial=0))


@per_document
def lines_with(d: Disclosure, probe: re.Pattern[str] | tuple[str, ...]) -> list[int]:
    """The (0-based) text lines, in order, where ``probe`` occurs: a pattern (a match in the
    joined text starts in or runs through the line) or any of some strings.

    One pass over the whole text instead of a search per line.  A rule searches only these
    lines with its own pattern, so the probe must occur in every line where that pattern
    matches: a fast probe (a string, a pattern beginning with a literal) for a slow pattern,
    or the pattern itself when it has no ``^``/``$`` anchors (lookarounds see a newline at
    a line's edge, as they see nothing in the line alone).
    """
    text = joined_text(d)
    if isinstance(probe, re.Pattern):
        # each match's first and last character (the first for an empty match): in order
        ends = [
            x
            for match in probe.finditer(text)
            for x in (match.start(), max(match.start(), match.end() - 1))
        ]
        lines = _line_indexes(d, ends)
        last_line = len(d.text_lines) - 1
        found: dict[int, None] = {}
        for first, last in zip(lines[::2], lines[1::2], strict=True):
            for i in range(first, min(last, last_line) + 1):
                found[i] = None
        return list(found)
    ascii_text = ascii_view(d)
    positions = [
        pos
        for s in probe
        for pos in (_find_all(ascii_text, s.encode()) if s.isascii() else _find_all(text, s))
    ]
    return lines_at(d, positions)


def _find_all(text: str | bytes, s: Any) -> list[int]:
    found = []
    pos = text.find(s)
    while pos >= 0:
        found.append(pos)
        pos = text.find(s, pos + 1)
    return found


@per_document
def ascii_view(d: Disclosure) -> bytes:
    """The joined text as ASCII bytes, each other character one "?" (offsets stay): ASCII
    searches there are many times faster than in a text of Chinese characters."""
    return joined_text(d).encode("ascii", "replace")


def _line_indexes(d: Disclosure, positions: list[int]) -> list[int]:
    """The line each offset of the joined text falls in (the number of lines for an offset
    past the end); the offsets must come in increasing order."""
    starts = _starts(d)
    if starts is not None:
        return [bisect_right(starts, p) - 1 for p in positions]
    count = ascii_view(d).count
    out: list[int] = []
    line = prev = 0
    for p in positions:
        line += count(b"\n", prev, p)
        prev = p
        out.append(line)
    return out


def lines_at(d: Disclosure, positions: list[int]) -> list[int]:
    """The lines (in order, once each) the offsets of the joined text fall in."""
    last_line = len(d.text_lines) - 1
    lines = _line_indexes(d, sorted(positions))
    return list(dict.fromkeys([i if i < last_line else last_line for i in lines]))


_LETTERS_AS_A = bytes.maketrans(string.ascii_letters.encode(), b"a" * len(string.ascii_letters))


def has_latin(text: str) -> bool:
    """Whether ``[A-Za-z]{2}`` matches in ``text`` (as ``latin_lines`` finds it: faster)."""
    return b"aa" in text.encode("ascii", "replace").translate(_LETTERS_AS_A)


@per_document
def latin_lines(d: Disclosure) -> list[int]:
    """The lines holding two ASCII letters in a row (where ``[A-Za-z]{2}`` matches), found
    without a regular expression: the text as ASCII bytes (each other character one "?", so
    offsets stay) with every letter made "a", searched for "aa"."""
    marked = ascii_view(d).translate(_LETTERS_AS_A)
    positions = []
    pos = marked.find(b"aa")
    while pos >= 0:
        positions.append(pos)
        pos = marked.find(b"aa", pos + 2)
    return lines_at(d, positions)


def line_number(d: Disclosure, i: int) -> int:
    """The source line of text line ``i`` (0-based), or its 1-based index."""
    return d.text_line_numbers[i] if i < len(d.text_line_numbers) else i + 1


def _line_loc(i: int, d: Disclosure | None = None) -> Location:
    """The place of text line ``i`` (0-based): its source line when the parser kept it."""
    if d is not None and i < len(d.text_line_numbers):
        return Location(line=d.text_line_numbers[i])
    return Location(line=i + 1)


_LABEL = attrgetter("label")
_TEXTS = attrgetter("texts")


def _texts_of(rows: Iterable[StatedRow]) -> Iterator[str]:
    """The rows' labels and printed texts (in no particular order), gathered in C."""
    rows = tuple(rows)
    return chain(map(_LABEL, rows), chain.from_iterable(map(dict.values, map(_TEXTS, rows))))


@rule(id="TXT-001", family=FAMILY, severity="warning", title="表中科目名称没有异体字、错字")
def variant_in_names(d: Disclosure) -> Iterator[Issue]:
    """表中科目名称、项目名称不含异体字或形近的替代字符（如康熙部首“⼀”代替“一”、异体字代替规范字）。"""
    if not d.tables:
        raise NotRun("文件中没有公开表")
    pattern = _variant_pattern()
    rows = [r for t in d.tables.values() for r in t.rows]
    if not pattern.search("\n".join(_texts_of(rows))):  # one search for all the tables
        return
    for t in d.tables.values():
        if not pattern.search("\n".join(_texts_of(t.rows))):  # one search per table
            continue
        for r in t.rows:
            for text in dict.fromkeys((r.label, *r.texts.values())):
                found = _variants_in(text)
                if found:
                    fixes = "、".join(f"“{a}”应为“{b}”" for a, b in found)
                    yield Issue(
                        f"表{t.number}“{text}”含异体字：{fixes}",
                        Location(
                            part="tables", table=t.number, table_key=t.key, row=r.key, line=r.line
                        ),
                        strip_variants(text),
                        text,
                    )
                    break


@rule(id="TXT-002", family=FAMILY, severity="warning", title="正文没有异体字、形近替代字符")
def variant_in_text(d: Disclosure) -> Iterator[Issue]:
    """正文中不含异体字或康熙部首等形近替代字符（PDF 字体常见问题）。"""
    lines = _lines(d)
    for i in variant_lines(d):
        line = lines[i]
        found = _variants_in(line)
        if found:
            fixes = "、".join(f"“{a}”应为“{b}”" for a, b in found)
            yield Issue(
                f"第 {line_number(d, i)} 行含异体字：{fixes}",
                _line_loc(i, d),
                strip_variants(line.strip()),
                line.strip(),
            )


_TRUNCATED = re.compile(r"(?<![\d.])(\d+)\.(?!\d)\s*万")
#: in every line _TRUNCATED matches in: its "." (a fast search: it begins with a literal)
_TRUNCATED_PROBE = re.compile(r"\.(?!\d)\s*万")
_ENDS_WITH_DOT = re.compile(r"\.[^\S\n]*(?=\n|\Z)")


def _texts(d: Disclosure) -> tuple[list[tuple[str, Location | int]], bool]:
    """The texts an amount may be cut short in, in the order they are reported, and whether
    there is any text with amounts at all.  Lines count only where ``_TRUNCATED`` can match."""
    lines = d.text_lines
    text = joined_text(d)
    out: list[tuple[str, Location | int]] = [
        (lines[i], i) for i in lines_with(d, _TRUNCATED_PROBE) if "万" in lines[i]
    ]
    any_text = "万" in text
    # a line break may fall between "2." and "万元": join each line with the next one's start
    for i in lines_with(d, _ENDS_WITH_DOT):
        if i >= len(lines) - 1:
            continue
        a = lines[i].rstrip()
        if a[-1:] == "." and a[-2:-1].isdigit():
            out.append((a + lines[i + 1].lstrip()[:4], i))
            any_text = True
    if not lines:
        for p in d.projects:
            if p.allocation:
                any_text = True
                if _TRUNCATED.search(p.allocation):  # the place only where it is reported
                    where = p.location.model_copy(update={"part": "narrative"})
                    out.append((p.allocation, where))
    return out, any_text


@rule(id="TXT-003", family=FAMILY, severity="error", title="金额没有被截断（如“2. 万元”）")
def truncated_amounts(d: Disclosure) -> Iterator[Issue]:
    """金额的小数部分完整：不出现“2. 万元”这样小数点后缺数字的金额。"""
    texts, any_text = _texts(d)
    if not any_text:
        raise NotRun("没有文件文本")
    seen: set[object] = set()
    for text, where in texts:
        match = _TRUNCATED.search(text)
        key = where if isinstance(where, int) else where.line
        if match and key not in seen:
            seen.add(key)
            yield Issue(
                f"金额“{match.group(0)}”小数点后缺少数字",
                _place(where, d),
                "完整金额",
                match.group(0),
            )


_CLAUSES = re.compile(r"[，,；;。]")
_SPACES = re.compile(r"\s+")
_BARE_WAN = re.compile(r"\d+(?:\.\d+)?\s*万(?!元)")


@rule(id="TXT-004", family=FAMILY, severity="warning", title="资金分配金额带单位“万元”")
def allocation_units(d: Disclosure) -> Iterator[Issue]:
    """资金分配情况中的每笔金额都写明单位“万元”（不写成“8.25 万”或只写数字）。"""
    allocations = [p for p in d.projects if p.allocation and "不予公开" not in p.allocation]
    if not allocations:
        raise NotApplicable("没有公开的资金分配情况")
    for p in allocations:
        text = p.allocation or ""
        for part in _CLAUSES.split(text):
            if _BARE_WAN.search(part):
                yield Issue(
                    f"项目“{p.name}”资金分配“{part.strip()}”缺少单位“元”",
                    p.location.model_copy(update={"part": "narrative"}),
                    "万元",
                    part.strip(),
                )


def _place(where: Location | int, d: Disclosure) -> Location:
    return _line_loc(where, d) if isinstance(where, int) else where


_ACRONYM = re.compile(r"([\u4e00-\u9fff]{2})\s*([A-Za-z]{2,6})\s*([\u4e00-\u9fff]{2})")


def _all_texts(d: Disclosure) -> tuple[list[tuple[str, Location | int]], bool]:
    """The texts holding Latin letters (``[A-Za-z]{2}``), with their places, and whether the
    document has any text to look in (lines, projects, table names, target tables)."""
    lines = d.text_lines
    out: list[tuple[str, Location | int]] = [(lines[i], i) for i in latin_lines(d)]
    any_text = bool(out) or bool(d.projects) or bool(d.performance)
    fields = [(p.name, p.basis or "", p.allocation or "") for p in d.projects]
    joined = ["\n".join(x) for x in fields]
    if has_latin("\n".join(joined)):  # one search for all the projects
        for p, texts_of, text in zip(d.projects, fields, joined, strict=True):
            if not has_latin(text):  # one search per project
                continue
            texts = [x for x in texts_of if has_latin(x)]
            where = p.location.model_copy(update={"part": "narrative"})
            out += [(x, where) for x in texts]
    labels = {key: "\n".join([r.label for r in t.rows]) for key, t in d.tables.items()}
    tables = d.tables if has_latin("\n".join(labels.values())) else {}  # one search for all
    for key, t in tables.items():
        if not has_latin(labels[key]):  # one search per table
            continue
        for r in t.rows:
            if has_latin(r.label):
                out.append((r.label, Location(part="tables", table=t.number, row=r.key)))
                any_text = True
    targets = d.performance if has_latin("\n".join([t.project for t in d.performance])) else ()
    for target in targets:  # one search for all
        if has_latin(target.project):
            where = target.location.model_copy(update={"part": "performance"})
            out.append((target.project, where))
    return out, any_text


def _one_letter_apart(a: str, b: str) -> bool:
    """Same length (≥ 3), same first letter, all but one letter shared (ABC / ADB)."""
    if len(a) != len(b) or len(a) < 3 or a[0] != b[0]:
        return False
    common = sum(min(a.count(ch), b.count(ch)) for ch in set(a))
    return common == len(a) - 1


@rule(id="TXT-005", family=FAMILY, severity="info", title="同一事物名称一致（外文缩写前后不同）")
def named_differently(d: Disclosure) -> Iterator[Issue]:
    """同一上下文中的外文缩写前后一致：同样的前后文字中间夹着只差一个字母的缩写，
    视为同一事物名称不一。
    """
    texts, any_text = _all_texts(d)
    if not any_text:
        raise NotRun("没有文件文本")
    seen: dict[tuple[str, str], dict[str, Location | int]] = defaultdict(dict)
    for text, where in texts:
        compact = _SPACES.sub(" ", text)
        for match in _ACRONYM.finditer(compact):
            seen[(match.group(1), match.group(3))].setdefault(match.group(2).upper(), where)
    for (before, after), tokens in seen.items():
        names = sorted(tokens)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if _one_letter_apart(a, b):
                    yield Issue(
                        f"“{before}{a}{after}”与“{before}{b}{after}”疑为同一事物的不同写法",
                        _place(tokens[a], d),
                        f"统一为 {a} 或 {b}",
                        f"{a} / {b}",
                        (_place(tokens[b], d),),
                    )


@rule(id="TXT-006", family=FAMILY, severity="error", title="关于下属单位的陈述前后一致")
def subordinate_units_consistent(d: Disclosure) -> Iterator[Issue]:
    """“无下属预算单位”与机关运行经费等处“本级及下属 N 家单位”的陈述不矛盾。"""
    subs = claims_for(d, "units.subordinate_count")
    admin = claims_for(d, "office_running_costs.admin_units")
    inst = claims_for(d, "office_running_costs.institution_units")
    if not subs or not (admin or inst):
        raise NotRun("文件未陈述该数字（下属单位个数）")
    n = subs[0].value
    if not isinstance(n, int):
        return
    a = admin[0].value if admin and isinstance(admin[0].value, int) else 0
    b = inst[0].value if inst and isinstance(inst[0].value, int) else 0
    own = 1  # the department itself (本级)
    if a + b > n + own:
        where = (inst or admin)[0]
        yield Issue(
            f"概况称下属预算单位 {n} 家，机关运行经费却涉及本级及下属 {a} 家行政单位"
            f"和 {b} 家事业单位",
            where.location.model_copy(update={"part": where.location.part or "narrative"}),
            f"≤ {n + own} 家",
            f"{a + b} 家",
            (subs[0].location,),
        )


@cache
def _redaction() -> re.Pattern[str]:
    return re.compile("|".join(_data()["redaction"]))


@cache
def _redaction_chars() -> tuple[str, ...]:
    return tuple(_data()["redaction_chars"])


@rule(id="TXT-007", family=FAMILY, severity="info", title="脱密处理标记")
def redaction_markers(d: Disclosure) -> Iterator[Issue]:
    """正文中的脱密处理标记（“**”“xx”等），提示读者此处内容被隐去。"""
    pattern = _redaction()
    lines = _lines(d)
    for i in lines_with(d, _redaction_chars()):
        line = lines[i]
        match = pattern.search(line)
        if match:
            yield Issue(
                f"第 {line_number(d, i)} 行有脱密标记“{match.group(0)}”：{line.strip()[:30]}",
                _line_loc(i, d),
                None,
                match.group(0),
            )


@rule(id="TXT-008", family=FAMILY, severity="warning", title="各表编制部门与文件部门一致")
def table_department(d: Disclosure) -> Iterator[Issue]:
    """各公开表“编制部门”与文件所属部门名称一致。"""
    if not d.department:
        raise NotRun("文件未写明部门名称")
    for t in d.tables.values():
        if t.department and t.department.replace(" ", "") != d.department.replace(" ", ""):
            yield Issue(
                f"表{t.number}编制部门“{t.department}”与“{d.department}”不一致",
                t.location,
                d.department,
                t.department,
            )


_NO_COMMA = re.compile(r"(?<![\d,.])\d{4,}\.\d{2}(?=\s*万元)")
_WITH_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{2}\s*万元")
#: fast searches (beginning with a literal) for what every match of the two above holds
_NO_COMMA_PROBE = re.compile(r"\.(?<=\d{4}\.)\d{2}(?=\s*万元)")


def _uses_thousands(d: Disclosure) -> bool:
    """Whether ``_WITH_COMMA`` matches in the joined text.  A match has a digit and then
    its first ",": one starts at the digit before some ","."""
    text, view, match = joined_text(d), ascii_view(d), _WITH_COMMA.match
    pos = view.find(b",")
    while pos >= 0:
        if pos and match(text, pos - 1):
            return True
        pos = view.find(b",", pos + 1)
    return False


@rule(id="TXT-009", family=FAMILY, severity="info", title="金额书写格式统一（千分位）")
def number_format(d: Disclosure) -> Iterator[Issue]:
    """正文中千元以上的金额统一使用千分位逗号（如“2,820.55”而非“2820.55”）。"""
    lines = _lines(d)
    if not _uses_thousands(d):
        raise NotApplicable("正文不使用千分位")
    for i in lines_with(d, _NO_COMMA_PROBE):
        line = lines[i]
        match = _NO_COMMA.search(line) if "万元" in line else None
        if match:
            yield Issue(
                f"第 {line_number(d, i)} 行金额“{match.group(0)}”未用千分位",
                _line_loc(i, d),
                f"{float(match.group(0)):,.2f}",
                match.group(0),
            )


_DOUBLED = re.compile(r"([，。、；：])\1")
#: the doubled marks: five plain string searches beat one for a character class (and a regex
#: search for each literal)
_DOUBLED_PROBES = tuple(mark * 2 for mark in "，。、；：")


@rule(id="TXT-010", family=FAMILY, severity="info", title="没有重复标点")
def doubled_punctuation(d: Disclosure) -> Iterator[Issue]:
    """正文中没有“，，”“。。”“、、”这样的重复标点。"""
    lines = _lines(d)
    text = joined_text(d)
    # the lines where _DOUBLED matches (a match never crosses a line, nor does a probe's)
    found = [pos for probe in _DOUBLED_PROBES for pos in _find_all(text, probe)]
    for i in lines_at(d, found):
        line = lines[i]
        match = _DOUBLED.search(line)
        if match:
            yield Issue(
                f"第 {line_number(d, i)} 行重复标点“{match.group(0)}”",
                _line_loc(i, d),
                match.group(1),
                match.group(0),
            )


@rule(id="TXT-011", family=FAMILY, severity="warning", title="公开表单位为万元")
def table_units(d: Disclosure) -> Iterator[Issue]:
    """各公开表的金额单位为“万元”。"""
    if not d.tables:
        raise NotRun("文件中没有公开表")
    for t in d.tables.values():
        if t.unit and t.unit.replace(" ", "") != "万元":
            yield Issue(f"表{t.number}单位为“{t.unit}”，应为“万元”", t.location, "万元", t.unit)
