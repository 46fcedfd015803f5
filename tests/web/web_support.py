"""Helpers of the web tests: the admin token, the sample budget file and variants of it."""

from __future__ import annotations

from importlib import resources

TOKEN = "test-admin-token-0123456789"
SAMPLE = resources.files("yusuan.samples").joinpath("atushi-2023.yaml").read_text("utf-8")
DEPARTMENT = "中共阿图什市委员会办公室"


def variant(*, year: int | None = None, name: str | None = None, bump: bool = False) -> bytes:
    """The sample budget file with another year, department name or one amount changed."""
    text = SAMPLE
    if year is not None:
        text = text.replace("year: 2023\n", f"year: {year}\ncatalog_year: 2023\n", 1)
    if name is not None:
        text = text.replace(f"name: {DEPARTMENT}", f"name: {name}", 1)
    if bump:  # 10 万元 more on the first basic line (2013101 × 30101)
        text = text.replace("amount: 361.39}", "amount: 371.39}", 1)
    return text.encode("utf-8")


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
