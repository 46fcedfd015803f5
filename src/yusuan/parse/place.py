"""Placing a printed row's values in columns when the text has lost the blank cells.

A printed row shows only its non-blank cells, in column order.  Which columns they are
follows from the table's identities (合计 = 基本支出 + 项目支出 …) and from its tree (a
parent row is the sum of its children; the 合计 row the sum of the top rows).  Where
those still leave a choice, a prior from the layout decides, and the choice is reported.
A row whose columns the text shows (:attr:`Node.fixed`) has that placement as its one option.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from itertools import combinations, product

Assignment = tuple[int, ...]  # column index of each printed value

MAX_CANDIDATES = 4000
MAX_STEPS = 200_000
#: options weighed by the depth-first search, at most (about a microsecond each): the real
#: documents measured weigh at most 420 (the seed), a generated 20-project 表7 weighed 24 M in 25 s
MAX_TRIES = 3_000_000
#: effort spent looking for a second solution (to report an ambiguous placement)
AMBIGUITY_STEPS = 2_000
#: the search found no placement meeting every total (each row placed where most likely)
NO_FIT = "金额与合计/上级科目不能对应，按各行最可能的列位置放置"
#: the search gave up: the columns of the rows it had not settled are a guess
STEP_LIMIT = "列位置搜索超过上限，部分行按最可能的列位置放置"


@dataclass
class Node:
    key: str
    values: list[Decimal]
    children: list[Node] = field(default_factory=list)
    chosen: Assignment | None = None
    ambiguous: bool = False
    forced: bool = False  # no candidate met the identities; best guess taken
    #: what other tables say of this row: (column indices, their sum, tolerance); options
    #: that agree come first (a preference, not a rule: a document may contradict itself)
    hints: list[tuple[tuple[int, ...], Decimal, Decimal]] = field(default_factory=list)
    #: the columns the text prints the values in (``pdftotext -layout``): the only option, as
    #: a PDF row whose blank cells were filled with 0.00 has one
    fixed: Assignment | None = None


@dataclass(frozen=True)
class Spec:
    columns: tuple[str, ...]
    sums: tuple[tuple[int, tuple[int, ...]], ...]  # column index = sum of column indices
    prior: tuple[float, ...]  # per column

    def __hash__(self) -> int:
        """The fields' hash, computed once (a spec keys the memo of every row's search)."""
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.columns, self.sums, self.prior))
            object.__setattr__(self, "_hash", cached)
        return cached


def spec_from(
    columns: Sequence[str], sums: Sequence[Sequence[object]], prior: dict[str, float]
) -> Spec:
    index = {c: i for i, c in enumerate(columns)}
    parsed = []
    for target, parts in sums:
        assert isinstance(parts, list | tuple)
        parsed.append((index[str(target)], tuple(index[str(p)] for p in parts)))
    return Spec(tuple(columns), tuple(parsed), tuple(float(prior.get(c, 0)) for c in columns))


def placed_values(spec: Spec, values: Sequence[Decimal], assignment: Assignment) -> list[Decimal]:
    """The row's amount in each column (blank columns 0) as ``assignment`` places them."""
    vec = [Decimal(0)] * len(spec.columns)
    for v, i in zip(values, assignment, strict=True):
        vec[i] = v
    return vec


_SCALE = Decimal(10000)


def forget_rows() -> None:
    """Start a document: drop the memo of rows' placements (one document's tables repeat the
    same rows; another document's rarely do, and a memo kept across documents only made a
    document parsed again look cheaper than a new one)."""
    _candidates.cache_clear()


@lru_cache(maxsize=4096)
def _candidates(spec: Spec, values: tuple[int, ...]) -> tuple[tuple[Assignment, ...], bool]:
    n, k = len(spec.columns), len(values)
    if k == 0:
        return ((),), True
    if k > n:
        return (), False
    good = None
    if spec.sums and math.comb(n, k) <= MAX_CANDIDATES:
        if (
            _total_of_all_others(spec)
            and values[0] > 0
            and values[0] == sum(values[1:])
            and min(values) >= 0
        ):
            # 合计 first and the parts after it: the first value is the 合计, the others
            # go anywhere among the parts (without the 合计 the balance is Σ > 0)
            return _total_and_parts(spec, k), True
        good = meeting_identities(spec, values)
    if good is None or not good:
        return _all_combinations(spec, values)
    # ``good`` is in ``combinations`` order: a stable sort on the prior alone keeps it
    # among equal priors, as sorting on (prior, assignment) would
    score = spec.prior.__getitem__
    good.sort(key=lambda c: -sum(map(score, c)))
    return tuple(good), True


def placements(spec: Spec, values: Sequence[Decimal]) -> tuple[tuple[Assignment, ...], bool]:
    """Every way to place one row's ``values`` (left to right, at most 4 decimals) in the
    spec's columns, best prior first: those meeting the identities (True), or, when none does,
    all of them (False)."""
    return _candidates(spec, tuple([int(v.scaleb(4)) for v in values]))


@lru_cache(maxsize=256)
def _total_of_all_others(spec: Spec) -> bool:
    """The spec's one identity is column 0 = the sum of every other column (合计 = Σ)."""
    if len(spec.sums) != 1:
        return False
    target, parts = spec.sums[0]
    return target == 0 and sorted(parts) == list(range(1, len(spec.columns)))


@lru_cache(maxsize=256)
def _total_and_parts(spec: Spec, k: int) -> tuple[Assignment, ...]:
    """For :func:`_total_of_all_others` specs: the placements of k values, the first in
    column 0 and the rest among the parts, best prior first (as the search would give them
    for values whose first is the positive sum of the others)."""
    good = [(0, *c) for c in combinations(range(1, len(spec.columns)), k - 1)]
    score = spec.prior.__getitem__
    good.sort(key=lambda c: -sum(map(score, c)))
    return tuple(good)


def _all_combinations(spec: Spec, values: tuple[int, ...]) -> tuple[tuple[Assignment, ...], bool]:
    """Every way to place ``values`` (left to right) in the columns, checked one by one:
    those meeting the identities (ok) or, when none does, all of them (best prior first)."""
    n, k = len(spec.columns), len(values)
    combos = list(combinations(range(n), k))
    if len(combos) > MAX_CANDIDATES:
        combos.sort(key=lambda c: -sum(spec.prior[i] for i in c))
        combos = combos[:MAX_CANDIDATES]
    good = []
    sums = spec.sums
    for c in combos:
        vec = [0] * n
        for v, i in zip(values, c, strict=True):
            vec[i] = v
        if all(vec[t] == sum(vec[p] for p in parts) for t, parts in sums):
            good.append(c)
    ok = bool(good)
    chosen = good if good else combos
    chosen.sort(key=lambda c: (-sum(spec.prior[i] for i in c), c))
    return tuple(chosen), ok


@lru_cache(maxsize=256)
def _coefficients(spec: Spec) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    """Per column its coefficient in each identity (+1 a part, -1 the total), and per
    identity the least and greatest coefficient (bounded by 0) of the columns from s on."""
    n, m = len(spec.columns), len(spec.sums)
    coef = [[0] * m for _ in range(n)]
    for e, (target, parts) in enumerate(spec.sums):
        coef[target][e] -= 1
        for p in parts:
            coef[p][e] += 1
    low = [[0] * m for _ in range(n + 1)]
    high = [[0] * m for _ in range(n + 1)]
    for s in range(n - 1, -1, -1):
        for e in range(m):
            low[s][e] = min(low[s + 1][e], coef[s][e])
            high[s][e] = max(high[s + 1][e], coef[s][e])
    return coef, low, high


@lru_cache(maxsize=256)
def _coefficients_by_identity(
    spec: Spec,
) -> list[tuple[list[int], list[int], list[int]]]:
    """:func:`_coefficients` per identity: its coefficient, low and high by column."""
    coef, low, high = _coefficients(spec)
    return [
        ([cc[e] for cc in coef], [x[e] for x in low], [x[e] for x in high])
        for e in range(len(spec.sums))
    ]


def meeting_identities(spec: Spec, values: Sequence[int]) -> list[Assignment] | None:
    """The placements of non-negative ``values`` that meet every identity, in the order
    ``combinations`` gives them, found by a search that drops a partial placement as soon
    as the values left cannot bring an identity back to balance; None for negative values.

    Each identity's balance (parts − total) must end at 0.  The values still to place add
    at least ``low × rest`` and at most ``high × rest`` to it, where rest is their sum and
    low/high the extreme coefficients of the columns still free: outside that range the
    branch cannot succeed."""
    if any(v < 0 for v in values):
        return None
    n, k = len(spec.columns), len(values)
    coef, low, high = _coefficients(spec)
    m = len(spec.sums)
    rest = [0] * (k + 1)
    for j in range(k - 1, -1, -1):
        rest[j] = rest[j + 1] + values[j]
    out: list[Assignment] = []
    chosen: list[int] = []

    def place(j: int, start: int, balance: list[int]) -> None:
        if j == k:
            if not any(balance):
                out.append(tuple(chosen))
            return
        v, r = values[j], rest[j + 1]
        for c in range(start, n - (k - j) + 1):
            new = [b + x * v for b, x in zip(balance, coef[c], strict=True)]
            for b, lo, hi in zip(new, low[c + 1], high[c + 1], strict=True):
                if not lo * r <= -b <= hi * r:
                    break
            else:
                chosen.append(c)
                place(j + 1, c + 1, new)
                chosen.pop()

    def place_one(j: int, start: int, balance: int) -> None:
        """``place`` for the common single identity, on plain integers."""
        if j == k:
            if not balance:
                out.append(tuple(chosen))
            return
        v, r = values[j], rest[j + 1]
        for c in range(start, n - (k - j) + 1):
            new = balance + coef1[c] * v
            if low1[c + 1] * r <= -new <= high1[c + 1] * r:
                chosen.append(c)
                place_one(j + 1, c + 1, new)
                chosen.pop()

    def place_two(j: int, start: int, balance1: int, balance2: int) -> None:
        """``place`` for two identities (合计 = … 财政拨款 …, 财政拨款 = …), on plain integers."""
        if j == k:
            if not balance1 and not balance2:
                out.append(tuple(chosen))
            return
        v, r = values[j], rest[j + 1]
        for c in range(start, n - (k - j) + 1):
            new1 = balance1 + coef1[c] * v
            new2 = balance2 + coef2[c] * v
            if (
                low1[c + 1] * r <= -new1 <= high1[c + 1] * r
                and low2[c + 1] * r <= -new2 <= high2[c + 1] * r
            ):
                chosen.append(c)
                place_two(j + 1, c + 1, new1, new2)
                chosen.pop()

    if m == 1:
        ((coef1, low1, high1),) = _coefficients_by_identity(spec)
        place_one(0, 0, 0)
    elif m == 2:
        (coef1, low1, high1), (coef2, low2, high2) = _coefficients_by_identity(spec)
        place_two(0, 0, 0, 0)
    else:
        place(0, 0, [0] * m)
    return out


def _by_hints(
    node: Node,
    ints: tuple[int, ...],
    exp: int,
    bounds: dict[int, tuple[int, int]],
    opts: Sequence[Assignment],
    ranked: dict[tuple[object, ...], list[Assignment]],
) -> list[Assignment]:
    """Options sorted by how many of the node's hints they break (stable: prior order kept).

    ``ints`` are the node's values × 10^exp, exact: a hint holds when the sum of its
    columns, on the same scale, is within ``want ± tol`` rounded inwards to integers.  A
    hint that many rows share (one tuple) has its bounds kept in ``bounds`` by its id.
    ``opts`` follow from the values: rows with the same values and hints (a parent and its
    one child) share one ranking, kept in ``ranked``."""
    checks = []
    for hint in node.hints:
        cols, want, tol = hint
        known = bounds.get(id(hint))
        if known is None:
            known = bounds[id(hint)] = (
                int((want - tol).scaleb(exp).to_integral_value(ROUND_CEILING)),
                int((want + tol).scaleb(exp).to_integral_value(ROUND_FLOOR)),
            )
        checks.append((cols, *known))
    memo = (ints, *checks)
    done = ranked.get(memo)
    if done is not None:
        return list(done)
    scored = []
    for k, opt in enumerate(opts):
        at = dict(zip(opt, ints, strict=True))  # column → value (blank columns absent)
        broken = 0
        for cols, low, high in checks:
            total = 0
            for c in cols:
                if c in at:
                    total += at[c]
            if not low <= total <= high:
                broken += 1
        scored.append((broken, k, opt))
    best = min(scored)[0]
    # options that break more hints than the best are dropped when one keeps them all
    out = ranked[memo] = [o for b, _, o in sorted(scored) if best > 0 or b == 0]
    return list(out)


class _Budget:
    """Search steps spent; past ``MAX_STEPS`` every search gives up.  ``tries`` counts the
    options the depth-first search weighs, one step weighing up to a few hundred (a row of
    four amounts in eleven columns): past ``MAX_TRIES`` the steps are spent at once."""

    __slots__ = ("steps", "tries")

    def __init__(self) -> None:
        self.steps = 0
        self.tries = 0


class _Search:
    """One :func:`solve`'s search state: the options of each row and its values as integers.

    Amounts are compared as integers (all values scaled by the same power of ten), which is
    exact.  Every search step is counted as one step of the budget; what a step is, and in
    which order steps are taken, decides when a search gives up and whether a second solution
    is near enough to call a placement ambiguous, so both are part of the result.
    """

    def __init__(self, spec: Spec, nodes: list[Node]):
        self.n = len(spec.columns)
        self.options: dict[str, list[Assignment]] = {}
        #: each node's values × 10^4 as truncated to integers: the key of its placements
        self.keys: dict[int, tuple[int, ...]] = {}
        exact = True
        for node in nodes:
            scaled = [v * _SCALE for v in node.values]
            key = list(map(int, scaled))
            exact = exact and scaled == key
            self.keys[id(node)] = tuple(key)
        #: the values as integers, all on one scale (× 10^exp) that keeps them exact
        self.ints: dict[int, tuple[int, ...]]
        if exact:
            self.exp = 4
            self.ints = self.keys
        else:
            places = 0
            for node in nodes:
                for v in node.values:
                    e = v.as_tuple().exponent
                    assert isinstance(e, int)
                    places = max(places, -e)
            self.exp = places
            self.ints = {
                id(node): tuple([int(v.scaleb(places)) for v in node.values]) for node in nodes
            }

    def vector(self, node: Node, assignment: Assignment) -> list[int]:
        vec = [0] * self.n
        for v, i in zip(self.ints[id(node)], assignment, strict=True):
            vec[i] = v
        return vec

    def children_solutions(
        self, target: list[int], children: Sequence[Node], budget: _Budget
    ) -> Iterator[list[Assignment]]:
        """Assignments of the children whose column sums equal ``target`` (DFS, memoised)."""
        if len(children) > 8:
            yield from self.partition(target, children, budget)
            return
        values = [self.ints[id(c)] for c in children]
        opts = [self.options[c.key] for c in children]
        count = len(children)
        nonneg = all(v >= 0 for vs in values for v in vs)
        failed: set[tuple[int, tuple[int, ...]]] = set()
        picked: list[Assignment] = []

        def dfs(i: int, remaining: tuple[int, ...]) -> Iterator[list[Assignment]]:
            budget.steps += 1
            if budget.steps > MAX_STEPS:
                return
            if i == count:
                if not any(remaining):
                    yield list(picked)
                return
            key = (i, remaining)
            if key in failed:
                return
            budget.tries += len(opts[i])
            if budget.tries > MAX_TRIES:  # steps that each weigh many options: give up as well
                budget.steps = MAX_STEPS + 1
                return
            found = False
            vals = values[i]
            for option in opts[i]:
                rest = list(remaining)
                for v, col in zip(vals, option, strict=True):
                    left = rest[col] - v
                    if left < 0 and nonneg:
                        break  # the option overshoots: no solution through it
                    rest[col] = left
                else:
                    picked.append(option)
                    for sol in dfs(i + 1, tuple(rest)):
                        found = True
                        yield sol
                    picked.pop()
            if not found:
                failed.add(key)

        yield from dfs(0, tuple(target))

    def partition(
        self, target: list[int], children: Sequence[Node], budget: _Budget
    ) -> Iterator[list[Assignment]]:
        """Many children: fix what all options agree on, then fill columns by subset sums.

        A child whose options differ in one position only (a project's one amount, which
        economic column?) is a *single*: one value, a set of allowed columns.  Others are
        enumerated.  Columns are then filled smallest target first, each by a subset of the
        singles summing to it exactly.
        """
        options = self.options
        singles: list[tuple[int, int, list[int]]] = []  # child, value, allowed columns
        multis: list[int] = []
        #: a single's option by the column of its varying value
        by_column: dict[int, dict[int, Assignment]] = {}
        base = list(target)
        for ci, child in enumerate(children):
            opts = options[child.key]
            if not opts:
                return
            values = self.ints[id(child)]
            if len(opts) == 1:
                for v, col in zip(values, opts[0], strict=True):
                    base[col] -= v
                continue
            varying = [p for p in range(len(opts[0])) if len({o[p] for o in opts}) > 1]
            if len(varying) == 1:
                pos = varying[0]
                for p, (v, col) in enumerate(zip(values, opts[0], strict=True)):
                    if p != pos:
                        base[col] -= v
                singles.append((ci, values[pos], [o[pos] for o in opts]))
                first: dict[int, Assignment] = {}
                for o in opts:
                    first.setdefault(o[pos], o)
                by_column[ci] = first
            else:
                multis.append(ci)
        chosen: dict[int, Assignment] = {}
        for ci, child in enumerate(children):
            if len(options[child.key]) == 1:
                chosen[ci] = options[child.key][0]

        def assemble(single_cols: dict[int, int]) -> list[Assignment]:
            return [
                chosen[ci] if ci in chosen else by_column[ci][single_cols[ci]]
                for ci in range(len(children))
            ]

        def fill(
            remaining: list[int], left: list[tuple[int, int, list[int]]]
        ) -> Iterator[dict[int, int]]:
            budget.steps += 1
            if budget.steps > MAX_STEPS:
                return
            cols = [c for c in range(len(remaining)) if remaining[c] != 0]
            if not cols:
                if all(v == 0 for _, v, _ in left):
                    yield {ci: cs[0] for ci, _, cs in left}
                return
            if any(remaining[c] < 0 for c in cols):
                return
            col = min(cols, key=lambda c: remaining[c])
            need = remaining[col]
            pool = sorted((s for s in left if col in s[2] and s[1] > 0), key=lambda s: -s[1])
            amounts = [s[1] for s in pool]
            size = len(pool)
            suffix = [0] * (size + 1)
            for k in range(size - 1, -1, -1):
                suffix[k] = suffix[k + 1] + amounts[k]
            # both non-increasing: negated, they are sorted for bisect
            neg_amounts = [-a for a in amounts]
            neg_suffix = [-a for a in suffix]
            picked: list[int] = []
            #: (k, rest) known to have no subset, as rest × width + k: the steps its search takes
            empty: dict[int, int] = {}
            width = size + 1

            def subsets(k: int, rest: int) -> Iterator[list[int]]:
                """Subsets of pool[k:] summing to ``rest``, largest amounts first; one step
                for each (k, rest) tried, the step taken when it is tried.  A search known
                to find nothing is not done again, its steps are counted.

                Depth first with pool[k] before without it, on a stack of the searches left
                to finish (each: its k, rest, the steps when it went in and the subsets
                found by then) instead of a generator per level."""
                stack: list[tuple[int, int, int, int]] = []
                yielded = 0  # subsets yielded so far: a search found one when this moved
                steps = budget.steps  # kept here, and in ``budget`` while suspended
                while True:
                    steps += 1
                    if steps > MAX_STEPS:
                        pass  # give up: every search on the stack returns in turn
                    elif rest == 0:
                        budget.steps = steps
                        yield list(picked)
                        steps = budget.steps
                        yielded += 1
                    elif k >= size or suffix[k] < rest:
                        pass
                    elif amounts[k] > rest:
                        # the loop would try each amount too large for ``rest`` in turn, a
                        # step each: go to the next one that fits or to where the amounts
                        # left cannot make ``rest``, counting the steps in between
                        fits = bisect_left(neg_amounts, -rest, k + 1)
                        short = bisect_right(neg_suffix, -rest, k + 1)
                        skipped = min(fits, short, size) - k - 1
                        if steps + skipped > MAX_STEPS:
                            steps = MAX_STEPS + 1
                        else:
                            steps += skipped
                            k += skipped + 1  # and without pool[k]
                            continue
                    else:
                        after = rest - amounts[k]  # >= 0
                        cost = empty.get(after * width + k + 1)
                        if cost is not None and steps + cost <= MAX_STEPS:
                            steps += cost
                            k += 1  # and without pool[k]
                        else:
                            stack.append((k, rest, steps, yielded))
                            picked.append(k)
                            k, rest = k + 1, after
                        continue
                    # this search is done: back to the one that went into it
                    if not stack:
                        budget.steps = steps
                        return
                    k, rest, start, before = stack.pop()
                    picked.pop()
                    if yielded == before and steps <= MAX_STEPS:
                        empty[(rest - amounts[k]) * width + k + 1] = steps - start
                    k += 1  # and without pool[k]

            for subset in subsets(0, need):
                used = {pool[k][0] for k in subset}
                rem = list(remaining)
                rem[col] = 0
                rest_left = [s for s in left if s[0] not in used]
                for sol in fill(rem, rest_left):
                    sol.update({pool[k][0]: col for k in subset})
                    yield sol

        multi_opts = [options[children[ci].key] for ci in multis]
        for combo in product(*multi_opts):
            rem = list(base)
            for ci, opt in zip(multis, combo, strict=True):
                for v, col in zip(self.ints[id(children[ci])], opt, strict=True):
                    rem[col] -= v
                chosen[ci] = opt
            for sol in fill(rem, singles):
                yield assemble(sol)
            budget.steps += 1
            if budget.steps > MAX_STEPS:
                return


def _preorder(nodes: Sequence[Node]) -> list[Node]:
    """``nodes`` and the nodes under each, each node before its children, in order."""
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out


def solve(spec: Spec, root: Node | None, top: Sequence[Node]) -> list[str]:
    """Choose every node's assignment; returns warnings (Chinese) about choices made.

    ``root`` is the 合计 row (the sum of ``top``) when printed; each node's children sum
    to it.  Nodes keep ``chosen``; ``ambiguous`` marks a choice the data did not force.
    """
    warnings: list[str] = []
    all_nodes = _preorder([*top, *([root] if root is not None else [])])
    search = _Search(spec, all_nodes)
    options = search.options
    bounds: dict[int, tuple[int, int]] = {}  # by id: the hints stay alive while solving
    ranked: dict[tuple[object, ...], list[Assignment]] = {}
    #: _candidates by key, for this spec (a lookup without hashing the spec again)
    placements: dict[tuple[int, ...], tuple[tuple[Assignment, ...], bool]] = {}
    for node in all_nodes:
        if node.fixed is not None:
            vec = search.vector(node, node.fixed)
            node.forced = not all(vec[t] == sum(vec[p] for p in parts) for t, parts in spec.sums)
            options[node.key] = [node.fixed]
            continue
        key = search.keys[id(node)]
        # a row's placements depend on its values only up to a common positive factor (the
        # identities and the search's bounds are linear in them): rows printing the same
        # amount three times, or proportional amounts, share one search
        common = math.gcd(*key)
        if common > 1:
            key = tuple([v // common for v in key])
        known = placements.get(key)
        if known is None:
            known = placements[key] = _candidates(spec, key)
        found, ok = known
        if node.hints and len(found) > 1:
            opts = _by_hints(node, search.ints[id(node)], search.exp, bounds, found, ranked)
        else:
            opts = list(found)
        if not ok:
            node.forced = True
        options[node.key] = opts
    budget = _Budget()
    #: subtree(node, assignment) done before: (result, steps it took, the ``chosen`` it left)
    done: dict[tuple[int, Assignment], tuple[bool, int, list[tuple[Node, Assignment | None]]]]
    done = {}

    def subtree(node: Node, assignment: Assignment) -> bool:
        """Fix ``node`` to ``assignment`` and solve below it; False if impossible.

        The same call again (a parent settling on the solution it found first) gives the
        same result, takes the same steps and leaves the same choices: it is replayed.
        A run that may hit the step limit is done again for real.
        """
        if not node.children:  # nothing below: what _subtree does, in no step
            node.chosen = assignment
            return True
        key = (id(node), assignment)
        again = done.get(key)
        if again is not None and budget.steps + again[1] <= MAX_STEPS:
            ok, steps, state = again
            node.chosen = assignment
            for n, chosen in state:
                n.chosen = chosen
            budget.steps += steps
            return ok
        start = budget.steps
        ok = _subtree(node, assignment)
        if budget.steps <= MAX_STEPS:
            done[key] = (
                ok,
                budget.steps - start,
                [(n, n.chosen) for n in _preorder(node.children)],
            )
        return ok

    def _subtree(node: Node, assignment: Assignment) -> bool:
        node.chosen = assignment
        if not node.children:
            return True
        target = search.vector(node, assignment)
        first: list[Assignment] | None = None
        mark = 0
        count = 0
        for sol in search.children_solutions(target, node.children, budget):
            count += 1
            if first is None:
                if all(subtree(c, a) for c, a in zip(node.children, sol, strict=True)):
                    first = sol
                    mark = budget.steps
                    # look for a second solution only to report ambiguity
                    continue
                continue
            if budget.steps - mark > AMBIGUITY_STEPS:
                break  # no second solution nearby: the first is taken as unique
            if sol != first:
                for c, a, b in zip(node.children, first, sol, strict=True):
                    if a != b:
                        c.ambiguous = True
                break
        if first is None:
            return False
        for c, a in zip(node.children, first, strict=True):
            subtree(c, a)
        return True

    solved = False
    if root is not None:
        root_options = options[root.key]
        for opt in root_options:
            root.chosen = opt
            virtual_target = search.vector(root, opt)
            for sol in search.children_solutions(virtual_target, top, budget):
                if all(subtree(c, a) for c, a in zip(top, sol, strict=True)):
                    solved = True
                    break
            if solved:
                if len(root_options) > 1:
                    root.ambiguous = len(root_options) > 1 and not _unique_root(
                        search, root, root_options, top
                    )
                break
    else:
        solved = all(_solve_free(node, options, subtree) for node in top)
    if not solved:
        warnings.append(NO_FIT)
        for node in all_nodes:
            if node.chosen is None or not _consistent(spec, node):
                node.chosen = options[node.key][0] if options[node.key] else None
                node.ambiguous = True

    def spread(node: Node) -> None:  # rows placed under a guessed row are guesses too
        for c in node.children:
            if node.ambiguous and c.values:
                c.ambiguous = True
            spread(c)

    for node in [*top, *([root] if root is not None else [])]:
        spread(node)
    for node in all_nodes:
        if node.forced:
            warnings.append(f"“{node.key}”行金额不满足本行合计关系")
    if budget.steps > MAX_STEPS:
        warnings.append(STEP_LIMIT)
    return warnings


def _consistent(spec: Spec, node: Node) -> bool:
    return node.chosen is not None and len(node.chosen) == len(node.values)


def _unique_root(
    search: _Search, root: Node, root_options: list[Assignment], top: Sequence[Node]
) -> bool:
    """True when no other root assignment admits a solution for the top rows."""
    budget = _Budget()
    for opt in root_options:
        if opt == root.chosen:
            continue
        target = search.vector(root, opt)
        for _ in search.children_solutions(target, top, budget):
            return False
        if budget.steps > MAX_STEPS // 10:
            return False
    return True


def _solve_free(
    node: Node, options: dict[str, list[Assignment]], subtree: Callable[[Node, Assignment], bool]
) -> bool:
    opts = options[node.key]
    for k, opt in enumerate(opts):
        if subtree(node, opt):
            # another option that also works makes the choice a guess: say so
            if any(subtree(node, other) for other in opts[k + 1 :]):
                node.ambiguous = True
            subtree(node, opt)
            return True
    return False


def values_of(spec: Spec, node: Node) -> dict[str, Decimal]:
    """The node's values by column key (blank columns 0)."""
    if node.chosen is None:
        return {}
    vec = placed_values(spec, node.values, node.chosen)
    return dict(zip(spec.columns, vec, strict=True))
