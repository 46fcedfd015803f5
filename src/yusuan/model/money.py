"""Money in 万元: ``decimal.Decimal`` with exactly two decimals, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def to_money(value: Any) -> Decimal:
    """Parse a money value (Decimal, int, numeric string with optional thousands separators).

    Raises ValueError for floats, non-numbers and more than two decimals.
    """
    if isinstance(value, bool):
        raise ValueError("金额必须是数字")
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, float):
        # YAML loaders in yusuan never produce floats; a float here means a caller
        # lost precision already.  Accept only when its shortest repr is exact.
        dec = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("，", ",")
        if not _NUMBER.match(text):
            raise ValueError(f"金额不是数字：{value!r}")
        try:
            dec = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise ValueError(f"金额不是数字：{value!r}") from exc
    else:
        raise ValueError(f"金额不是数字：{value!r}")
    if not dec.is_finite():
        raise ValueError(f"金额不是有限数：{value!r}")
    quantized = dec.quantize(CENT)
    if quantized != dec:
        raise ValueError(f"金额最多两位小数（万元）：{value}")
    return quantized


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"金额不能为负数：{value}")
    return value


_serialize = PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json")

#: A signed amount in 万元 (changes, differences).
SignedMoney = Annotated[Decimal, BeforeValidator(to_money), _serialize]
#: A non-negative amount in 万元 (every budget figure).
Money = Annotated[Decimal, BeforeValidator(to_money), AfterValidator(_non_negative), _serialize]


def money(value: str | int | Decimal) -> Decimal:
    """Shorthand for tests and code: ``money("5,935.22")``."""
    return to_money(value)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (the rule of published disclosures)."""
    step = CENT if places == 2 else Decimal(1).scaleb(-places)  # cents: the common case
    return value.quantize(step, ROUND_HALF_UP)


def fmt_money(value: Decimal | None, blank_zero: bool = False) -> str:
    """``5935.22`` → ``5,935.22``; ``None`` → ``""``."""
    if value is None or (blank_zero and value == 0):
        return ""
    return f"{value:,.2f}"
