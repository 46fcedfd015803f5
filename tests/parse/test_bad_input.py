"""Bad input: one clear error line and exit code 2, or a partial model with a report."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.parse import ParseError, parse_bytes, parse_file, parse_text

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
SEED_TEXT = SEED.read_text("utf-8")
SEED_LINES = SEED_TEXT.splitlines()
runner = CliRunner()


def _cli(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["parse", str(path)])
    return result.exit_code, result.output


def _one_error_line(output: str, name: str) -> None:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("错误：") and name in lines[0]
    assert "Traceback" not in output


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(ParseError, match="文件为空"):
        parse_file(f)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "empty.txt")


def test_binary_garbage(tmp_path: Path) -> None:
    f = tmp_path / "garbage.bin"
    f.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ParseError, match="不是文本文件"):
        parse_file(f)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "garbage.bin")


def test_text_that_is_not_a_disclosure(tmp_path: Path) -> None:
    f = tmp_path / "poem.txt"
    f.write_text("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "poem.txt")


def test_gb18030_text_is_read_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "seed-gbk.txt"
    f.write_bytes(SEED_TEXT.encode("gb18030"))
    result = parse_file(f)
    assert result.report.encoding == "gb18030"
    assert any("gb18030" in w for w in result.report.warnings)
    assert len(result.disclosure.tables) == 10
    assert len(result.report.unplaced) <= 1


def test_truncated_document_gives_partial_model_and_says_what_is_missing() -> None:
    cut = next(i for i, ln in enumerate(SEED_LINES) if ln.strip() == "表 6")
    result = parse_text("\n".join(SEED_LINES[:cut]), "truncated.txt")
    status = {t.key: t.status for t in result.report.tables}
    assert status["general_budget_expenditure"] == "found"
    assert status["general_budget_basic"] == "missing"
    assert status["three_public"] == "missing"
    assert status["general_budget_projects"] == "missing"
    assert result.disclosure.budget is None
    assert any("未能还原" in w for w in result.report.warnings)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    f = tmp_path / "scan.pdf"
    f.write_bytes(buf.getvalue())
    with pytest.raises(ParseError, match="没有文字层"):
        parse_file(f)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "scan.pdf")


def test_broken_pdf(tmp_path: Path) -> None:
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "broken.pdf")


def test_200_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk, no memory
    with pytest.raises(ParseError, match="文件过大"):
        parse_file(f)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "huge.txt")


def test_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    with pytest.raises(ParseError, match="解压后过大"):
        parse_file(f)
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "bomb.xlsx")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    f = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("readme.txt", "hello")
    code, out = _cli(f)
    assert code == 2
    _one_error_line(out, "notes.xlsx")


def test_missing_file_as_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "yusuan.cli", "parse", str(tmp_path / "nope.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    if "No module named yusuan.cli.__main__" in proc.stderr:
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "yusuan"), "parse", str(tmp_path / "nope.pdf")],
            capture_output=True,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    _one_error_line(proc.stderr, "nope.pdf")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEED_LINES)))
def test_truncating_at_any_line_never_raises(cut: int) -> None:
    text = "\n".join(SEED_LINES[:cut])
    try:
        result = parse_bytes(text.encode("utf-8"), "cut.txt")
    except ParseError as exc:
        assert "cut.txt" in str(exc) and "\n" not in str(exc)
        return
    # whatever was read is accounted for: every number token placed or listed
    report = result.report
    assert report.tokens_total == sum(report.placed.values()) + len(report.unplaced)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SEED_TEXT) - 1),
            st.sampled_from(["", "9", ".", ",", "\n", "合计", "表 7", "  ", "201 31", "-", "万元"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_corrupting_the_text_never_raises(edits: list[tuple[int, str]]) -> None:
    chars = list(SEED_TEXT)
    for pos, repl in sorted(edits, reverse=True):
        chars[pos : pos + 1] = list(repl)
    try:
        result = parse_bytes("".join(chars).encode("utf-8"), "corrupt.txt")
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    assert result.report.tokens_total >= len(result.report.unplaced)


@pytest.mark.parametrize(
    ("printed", "misprint", "note"),
    [
        ("因公出国（境）费增加 0.00 万元", "因公出国（境）费增加 5.00 万元", "上年“三公”"),
        ("在职 50 人，减少 4 人", "在职 50 人，增加 60 人", "上年人员数不一致"),
    ],
)
def test_a_change_larger_than_its_figure_is_a_note_not_a_crash(
    printed: str, misprint: str, note: str
) -> None:
    """Found by the corruption test: a prior year that would be negative is left out, said so."""
    assert printed in SEED_TEXT
    result = parse_text(SEED_TEXT.replace(printed, misprint), "misprint.txt")
    assert any(w.startswith(note) for w in result.report.warnings), result.report.warnings
    assert result.disclosure.budget is not None  # the rest of the budget is still rebuilt
