"""``yusuan parse`` and ``yusuan audit``: unreadable input, bad output paths — one line, exit 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.model import load_budget
from yusuan.render.writers import write_outputs

runner = CliRunner()
SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def _one_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_parse_error_names_the_path_as_typed_once(tmp_path: Path) -> None:
    empty = tmp_path / "子目录 有空格" / "空 文件.pdf"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    for command in ("parse", "audit"):
        line = _one_error([command, str(empty)])
        assert line == f"错误：{empty}：文件为空", line


def test_parse_output_into_a_missing_directory_is_bad_input_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    (published,) = write_outputs(load_budget(SAMPLE), tmp_path, ["xlsx"])
    out = tmp_path / "没有的目录" / "结果.json"
    line = _one_error(["parse", str(published), "-o", str(out)])
    assert "输出目录" in line and "不存在" in line and ".tmp" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disclosure.xlsx"]


def test_budget_file_saved_as_txt_is_audited_as_a_budget_file(tmp_path: Path) -> None:
    text = tmp_path / "预算.txt"
    text.write_bytes(SAMPLE.read_bytes())
    result = runner.invoke(app, ["audit", str(text), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"document": "compiled:中共阿图什市委员会办公室 2023"' in result.stdout


def test_published_html_is_refused_not_audited_as_text(tmp_path: Path) -> None:
    # Our own disclosure.html used to be read as plain text (CSS and all), audited into
    # nine false errors with exit 0 from parse.
    (page,) = write_outputs(load_budget(SAMPLE), tmp_path, ["html"])
    renamed = tmp_path / "公开.txt"
    renamed.write_bytes(page.read_bytes())
    for command in ("parse", "audit"):
        for path in (page, renamed):
            line = _one_error([command, str(path)])
            assert line.startswith(f"错误：{path}：HTML 网页暂不能读取"), line
