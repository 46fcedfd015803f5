"""XLSX → rows of text, then the table readers.

Reads workbooks written by yusuan and the common bureau layout of one sheet per table
(title, 编制部门/单位 line, header rows, data rows).  Each sheet becomes lines of its
cells joined by spaces, numbers printed with two decimals, so one set of table readers
serves PDF text and workbooks alike.  Zip bombs are refused before openpyxl opens them.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from yusuan.parse.report import ParseResult
from yusuan.parse.text import read_text

#: Limits on the unpacked workbook (a real disclosure workbook is well under 10 MB).
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_money(value: object) -> bool:
    """A number that cannot be a subject code (3, 5 or 7 digits)."""
    if not _is_number(value):
        return False
    if isinstance(value, float | Decimal) and value != int(value):
        return True
    return not _CODE.match(str(int(value)))  # type: ignore[call-overload]


_CODE = re.compile(r"^[1-9]\d{2}(?:\d{2}){0,2}$")


def _money_columns(rows: list[tuple[object, ...]], width: int) -> list[bool]:
    """Columns of amounts: numbers that are not codes, or code-like numbers with no text
    to their right (amounts in 元 can look like a 7-digit code: 2540192)."""
    out = []
    for c in range(width):
        values = [r[c] for r in rows if c < len(r) and _is_number(r[c])]
        if not values:
            out.append(False)
        elif any(_is_money(v) for v in values):
            out.append(True)
        else:
            text_right = any(
                isinstance(v, str) and v.strip()
                for r in rows
                if c < len(r) and _is_number(r[c])
                for v in r[c + 1 :]
            )
            out.append(not text_right)
    return out


def _cell(value: object, money: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if not money and _is_number(value) and value == int(value):  # type: ignore[call-overload]
        return str(int(value))  # type: ignore[call-overload]  # a code stored as a number
    if isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value)):,.2f}"
    if isinstance(value, datetime | date):
        return value.strftime("%Y年%m月%d日")
    return " ".join(str(value).split())


def sheet_lines(rows: list[tuple[object, ...]]) -> list[str]:
    """A sheet's rows as text lines; blank money cells of a labelled row printed as 0.00.

    A workbook keeps every cell in its column, which PDF text loses: a blank amount is
    written out as 0.00 when the row has a label for it (the nearest text column on its
    left), so the text readers see every column of the row and need not guess.
    """
    width = max((len(r) for r in rows), default=0)
    money = _money_columns(rows, width)
    # columns inside the money area that never hold text in a row with amounts are money
    # columns left blank throughout (an economic column no project uses)
    data_rows = [r for r in rows if any(money[c] and _is_number(v) for c, v in enumerate(r))]
    cols = [c for c in range(width) if money[c]]
    if cols:
        for c in range(cols[0], width):
            if not money[c] and not any(
                c < len(r) and isinstance(r[c], str) and str(r[c]).strip() for r in data_rows
            ):
                money[c] = True
    # groups of columns: some text columns, then the money columns they label (表1 has two)
    group: list[int] = []
    g = 0
    for c in range(width):
        if c > 0 and not money[c] and money[c - 1]:
            g += 1
        group.append(g)
    lines = []
    for row in rows:
        cells = [_cell(row[c] if c < len(row) else None, money[c]) for c in range(width)]
        if not any(cells):
            continue
        has_amount = any(money[c] and _is_number(row[c]) for c in range(min(width, len(row))))
        if has_amount or any(not money[c] and cells[c] in ("合计", "总计") for c in range(width)):
            labelled = {group[c] for c in range(width) if not money[c] and cells[c]}
            for c in range(width):
                if money[c] and not cells[c] and group[c] in labelled:
                    cells[c] = "0.00"
        lines.append(" ".join(x for x in cells if x))
    return lines


def xlsx_text(data: bytes, name: str) -> str:
    from openpyxl import load_workbook

    from yusuan.parse import ParseError

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ParseError(name, "不是有效的 XLSX 文件（压缩包损坏）") from exc
    unpacked = sum(i.file_size for i in zf.infolist())
    packed = max(1, sum(i.compress_size for i in zf.infolist()))
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise ParseError(
            name,
            f"XLSX 解压后过大（{unpacked // 1048576} MB，压缩比 {unpacked // packed}），拒绝读取",
        )
    if "xl/workbook.xml" not in zf.namelist():
        raise ParseError(name, "不是 XLSX 工作簿（缺少 xl/workbook.xml）")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed files
        raise ParseError(name, f"XLSX 无法读取：{type(exc).__name__}") from exc
    lines: list[str] = []
    for k, ws in enumerate(wb.worksheets, start=1):
        lines.append(f"==== page {k} ====")
        rows: list[tuple[object, ...]] = [tuple(r) for r in ws.iter_rows(values_only=True)]
        text_lines = sheet_lines(rows)
        if text_lines and ws.title and ws.title not in text_lines[0]:
            lines.append(ws.title)
        lines.extend(text_lines)
    wb.close()
    return "\n".join(lines)


def parse_xlsx(data: bytes, name: str) -> ParseResult:
    from yusuan.parse import ParseError, _parse_document

    text = xlsx_text(data, name)
    doc = read_text(text, name)
    result = _parse_document(doc, kind="xlsx")
    if not result.disclosure.tables:
        raise ParseError(name, "工作簿中没有找到可识别的公开表")
    return result
