"""XLSX → rows of text, then the table readers.

Reads workbooks written by yusuan and the common bureau layout of one sheet per table
(title, 编制部门/单位 line, header rows, data rows).  Each sheet becomes lines of its
cells joined by spaces, numbers printed with two decimals, so one set of table readers
serves PDF text and workbooks alike.  Zip bombs are refused before openpyxl opens them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from yusuan.parse.report import ParseResult
from yusuan.parse.text import read_text

#: Limits on the unpacked workbook (a real disclosure workbook is well under 10 MB).
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value)):,.2f}"
    if isinstance(value, datetime | date):
        return value.strftime("%Y年%m月%d日")
    return str(value).strip()


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
        first = True
        for row in ws.iter_rows(values_only=True):
            cells = [_cell(v) for v in row]
            text = " ".join(c for c in cells if c)
            if not text:
                continue
            if first and ws.title and ws.title not in text:
                lines.append(ws.title)
            first = False
            lines.append(text)
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
