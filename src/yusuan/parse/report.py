"""The parse report: what was found, what was placed where, what was not."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from yusuan.model.disclosure import Disclosure, Location


class _Rec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TableStatus(_Rec):
    key: str
    number: int | None = None
    title: str = ""
    status: str  # found | empty_with_note | empty | unreadable | missing
    rows: int = 0
    unit: str | None = None
    totals_ok: bool | None = None  # parent rows = sum of children, 合计 = sum of top rows
    line: int | None = None
    page: int | None = None
    note: str | None = None


class NumberToken(_Rec):
    text: str
    line: int
    page: int | None = None
    role: str | None = None  # cell, code, claim, project, performance, date, …
    location: Location | None = None
    context: str = ""


class ParseReport(_Rec):
    source: str
    kind: str  # text | pdf | xlsx
    layout: str | None = None
    encoding: str | None = None
    lines: int = 0
    pages: int = 0
    parts_found: list[str] = Field(default_factory=list)
    parts_missing: list[str] = Field(default_factory=list)
    tables: list[TableStatus] = Field(default_factory=list)
    tokens_total: int = 0
    placed: dict[str, int] = Field(default_factory=dict)  # role → count
    unplaced: list[NumberToken] = Field(default_factory=list)
    claims: int = 0
    projects: int = 0
    performance_tables: int = 0
    indicators: int = 0
    warnings: list[str] = Field(default_factory=list)
    rebuilt: bool = False


class ParseResult(_Rec):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    disclosure: Disclosure
    report: ParseReport
    #: the normalised text with every number token and where it was placed
    #: (:class:`yusuan.parse.text.Document`); not serialised
    document: Any = Field(default=None, exclude=True)

    def placed_tokens(self) -> list[NumberToken]:
        """Every placed token with its location (built on demand)."""
        out: list[NumberToken] = []
        if self.document is None:
            return out
        for ln in self.document.lines:
            for tok in ln.tokens:
                if tok.role:
                    out.append(
                        NumberToken(
                            text=tok.text,
                            line=ln.no,
                            page=ln.page,
                            role=tok.role,
                            location=tok.where,
                        )
                    )
        return out
