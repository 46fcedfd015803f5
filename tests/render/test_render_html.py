"""The HTML rendering of the ten tables, checked through its parsed structure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from html_tree import Node, parse_html

from yusuan.compile import Table
from yusuan.model.budget import Budget
from yusuan.render import render_tables_html


@pytest.fixture(scope="module")
def html_page(sample_budget: Budget) -> str:
    return render_tables_html(sample_budget)


@pytest.fixture(scope="module")
def dom(html_page: str) -> Node:
    return parse_html(html_page)


def _table(dom: Node, t: Table) -> Node:
    node = dom.find_id(f"table-{t.key}")
    assert node is not None and node.tag == "table", f"表{t.number} missing"
    return node


def test_every_table_has_number_title_department_and_unit(
    dom: Node, sample_tables: list[Table]
) -> None:
    sections = dom.iter("section")
    assert len(sections) == 10
    for section, t in zip(sections, sample_tables, strict=True):
        text = section.text
        assert f"表{t.number}" in text
        assert section.iter("h2")[0].text == t.title
        assert "编制部门：中共阿图什市委员会办公室" in text
        assert "单位：万元" in text
        assert section.iter("table")[0].attrs["id"] == f"table-{t.key}"


def test_every_amount_is_in_its_row_and_column(dom: Node, sample_tables: list[Table]) -> None:
    checked = 0
    for t in sample_tables:
        rows = _table(dom, t).iter("tbody")[0].iter("tr")
        assert [r.attrs["data-row"] for r in rows] == [r.key for r in t.rows]
        for tr, row in zip(rows, t.rows, strict=True):
            shown = {td.attrs["data-col"]: td.text for td in tr.iter("td")}
            for col, value in zip(t.columns, row.cells, strict=True):
                if col.kind != "money":
                    continue
                assert value is None or isinstance(value, Decimal)
                expected = f"{value:,.2f}" if value else ""
                assert shown[col.key] == expected, (t.number, row.key, col.key)
                checked += bool(value)
    assert checked > 100


def test_seed_figures_appear_with_thousands_separators(dom: Node) -> None:
    overview = dom.find_id("table-overview")
    assert overview is not None
    total = next(tr for tr in overview.iter("tr") if tr.attrs.get("data-row") == "total")
    assert [td.text for td in total.iter("td")] == ["收入总计", "5,935.22", "支出总计", "5,935.22"]
    basic = dom.find_id("table-general_budget_basic")
    assert basic is not None
    row = next(tr for tr in basic.iter("tr") if tr.attrs.get("data-row") == "total")
    assert [td.text for td in row.iter("td")][-3:] == ["1,645.57", "1,614.85", "30.72"]


def test_revenue_table_header_spans(dom: Node, sample_tables: list[Table]) -> None:
    table = dom.find_id("table-revenue")
    assert table is not None
    head = table.iter("thead")[0].iter("tr")
    assert len(head) == 2
    first = [
        (th.text, int(th.attrs.get("colspan", 1)), int(th.attrs.get("rowspan", 1)))
        for th in head[0].iter("th")
    ]
    assert first == [
        ("功能分类科目编码", 3, 1),
        ("功能分类科目名称", 1, 2),
        ("总计", 1, 2),
        ("财政拨款（补助）", 7, 1),
        ("财政专户（教育收费）", 1, 2),
        ("单位资金", 1, 2),
        ("财政拨款结转", 1, 2),
        ("非财政拨款结转结余", 1, 2),
    ]
    second = [th.text for th in head[1].iter("th")]
    assert second[:4] == ["类", "款", "项", "财政拨款（补助）小计"]
    assert len(second) == 10
    # every body row covers exactly the 16 leaf columns
    width = len(sample_tables[1].columns)
    assert width == 16
    for tr in table.iter("tbody")[0].iter("tr"):
        assert sum(int(td.attrs.get("colspan", 1)) for td in tr.iter("td")) == width


def test_total_row_label_spans_code_columns_and_is_bold(dom: Node, html_page: str) -> None:
    table = dom.find_id("table-revenue")
    assert table is not None
    total = next(tr for tr in table.iter("tr") if tr.attrs.get("data-row") == "total")
    first = total.iter("td")[0]
    assert (first.text, first.attrs.get("colspan")) == ("合计", "4")
    assert "ys-total" in total.attrs["class"].split()
    assert "tr.ys-total td { font-weight: bold; }" in html_page


def test_codes_and_indentation(dom: Node) -> None:
    table = dom.find_id("table-expenditure")
    assert table is not None
    row = next(tr for tr in table.iter("tr") if tr.attrs.get("data-row") == "2013101")
    cells = row.iter("td")
    assert [td.text for td in cells[:4]] == ["201", "31", "01", "行政运行"]
    assert "ys-indent-2" in cells[3].attrs["class"]
    category = next(tr for tr in table.iter("tr") if tr.attrs.get("data-row") == "201")
    assert "ys-indent" not in category.iter("td")[3].attrs["class"]


def test_empty_tables_carry_their_note(dom: Node, sample_tables: list[Table]) -> None:
    for t in sample_tables:
        section = next(s for s in dom.iter("section") if s.find_id(f"table-{t.key}"))
        notes = [p.text for p in section.iter("p") if "ys-note" in p.attrs.get("class", "")]
        if t.note:
            assert notes == [f"备注：{t.note}"]
        else:
            assert notes == []
    assert sum(1 for t in sample_tables if t.note) == 2  # 表8, 表9 of the seed


def test_self_contained_and_print_ready(dom: Node, html_page: str) -> None:
    assert dom.iter("link") == [] and dom.iter("script") == [] and dom.iter("img") == []
    assert "http://" not in html_page and "https://" not in html_page
    style = dom.iter("style")[0].text
    assert "display: table-header-group" in style
    assert "size: A4" in style
    assert "break-before: page" in style


def test_department_name_is_escaped(sample_budget: Budget) -> None:
    evil = "<script>alert(1)</script>&办公室"
    department = sample_budget.department.model_copy(update={"name": evil})
    budget = sample_budget.model_copy(update={"department": department})
    page = render_tables_html(budget)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;办公室" in page
    dom = parse_html(page)
    assert dom.iter("script") == []
    assert f"编制部门：{evil}" in dom.iter("section")[0].text
