"""Every workbook prints: A4, landscape where wide, header rows repeated, “第 1 页 共 3 页” in the
footer, fitted to the page's width — or, for the dues ledger, in two half-years at a readable
scale with the names repeated. Counts are numbers, not text."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from tui.export.catalogue import FormParams, get_form
from tui.export.xlsx import PAGE_FOOTER, column_mm, print_setup
from tui.store.db import close_db, open_db

YEAR = 2025
WORKBOOKS = ("roster", "dues-ledger", "dues-assessment", "pairings")


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, demo_path):
    folder = tmp_path_factory.mktemp("books")
    path = folder / "demo.db"
    shutil.copy(demo_path, path)
    db = open_db(path)
    try:
        yield {f: load_workbook(get_form(f).build(db, FormParams(year=YEAR), folder / f"{f}.xlsx"))
               for f in WORKBOOKS}
    finally:
        close_db(db)


@pytest.mark.parametrize("form_id", WORKBOOKS)
def test_every_sheet_prints_on_a4_with_page_numbers(workbooks, form_id):
    for ws in workbooks[form_id]:
        assert int(ws.page_setup.paperSize) == 9, ws.title            # A4
        assert ws.oddFooter.center.text == PAGE_FOOTER, ws.title
        assert ws.print_title_rows, ws.title
        assert ws.print_options.horizontalCentered
        fitted = ws.sheet_properties.pageSetUpPr.fitToPage
        if fitted:
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        else:
            assert ws.col_breaks.brk and 50 <= ws.page_setup.scale <= 100


@pytest.mark.parametrize(("form_id", "sheet"), [("roster", "花名册"), ("dues-ledger", "收缴台账"),
                                                ("dues-assessment", "党费核定表"), ("pairings", "结对一览")])
def test_wide_sheets_print_landscape(workbooks, form_id, sheet):
    assert workbooks[form_id][sheet].page_setup.orientation == "landscape"


def test_the_ledger_prints_as_two_half_years_with_the_names_repeated(workbooks):
    ws = workbooks["dues-ledger"]["收缴台账"]
    assert [b.id for b in ws.col_breaks.brk] == [17]
    assert ws["F2"].value == "1月" and ws.cell(row=2, column=16).value == "6月"
    assert ws.cell(row=2, column=18).value == "7月"
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$2:$3"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    # Each half fits the A4 width at the scale set, and the type stays readable (≥ 8 pt of 11).
    def width(cols):
        return sum(column_mm(ws.column_dimensions[get_column_letter(c)].width) for c in cols)
    scale = ws.page_setup.scale / 100
    usable = 297 - 2 * 0.25 * 25.4
    assert width(range(1, 18)) * scale <= usable
    assert (width([1, 2]) + width(range(18, ws.max_column + 1))) * scale <= usable
    assert 11 * scale >= 8
    # The title spans the first half only, so page 1 shows it whole.
    assert "A1:Q1" in {str(r) for r in ws.merged_cells.ranges}


def test_numbers_are_numbers(workbooks):
    ledger = workbooks["dues-ledger"]["收缴台账"]
    assert ledger["A4"].value == 1 and ledger["A5"].value == 2
    assert workbooks["roster"]["花名册"]["A3"].value == 1
    assert workbooks["dues-assessment"]["党费核定表"]["A3"].value == 1
    pairings = workbooks["pairings"]["结对一览"]
    header = [c.value for c in pairings[2]]
    assert "活动" not in header
    counts, hours = header.index("活动次数") + 1, header.index("活动学时") + 1
    rows = range(3, pairings.max_row + 1)
    assert all(isinstance(pairings.cell(row=r, column=counts).value, int) for r in rows)
    assert all(isinstance(pairings.cell(row=r, column=hours).value, (int, float)) for r in rows)
    assert sum(pairings.cell(row=r, column=counts).value for r in rows) > 0
    assert [pairings.cell(row=r, column=1).value for r in rows] == list(range(1, len(rows) + 1))


def test_ten_pairings_print_on_one_page_width(workbooks):
    ws = workbooks["pairings"]["结对一览"]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    # Wrapped rows are given their height, so two-line cells do not print over the next row.
    assert any((ws.row_dimensions[r].height or 0) > 15 for r in range(3, ws.max_row + 1))


def test_print_setup_scales_to_the_widest_part():
    wb = Workbook()
    ws = wb.active
    for col in range(1, 21):
        ws.cell(row=1, column=col, value=col)
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 20
    print_setup(ws, title_rows="1:1", title_cols="A:A", page_breaks_after=[10])
    part = 11 * column_mm(20)          # the second part: column A again + 10 columns
    usable = 297 - 2 * 0.25 * 25.4
    assert ws.page_setup.scale == int(usable / part * 100)
    print_setup(wb.create_sheet("b"), landscape=False, title_rows="1:1")
    assert wb["b"].page_setup.orientation == "portrait" and wb["b"].sheet_properties.pageSetUpPr.fitToPage


def test_only_rows_with_wrapping_or_several_lines_are_made_taller(tmp_path):
    """The dues writers look again only at columns that can wrap (wider text than the column)
    or that hold a text of several lines; the rows that need it still get their height."""
    from tui.export.dues_tables import Fen, Table, _save_xlsx

    rows = [[i, f"党员{i}", Fen(1234), "按时交纳"] for i in range(1, 40)]
    rows[5][3] = "补交超过六个月，已向上级党委报告并经支委会研究同意" * 2   # wider than 备注 can be
    rows[9][1] = "王\n小明"                                              # short, but two lines
    path = tmp_path / "heights.xlsx"
    _save_xlsx(path, [Table("台账", "标题", ["序号", "姓名", "金额", "备注"], rows)])
    ws = load_workbook(path)["台账"]
    body = range(3, 3 + len(rows))            # title, header, then the rows
    tall = [r - 3 for r in body if (ws.row_dimensions[r].height or 0) > 15]
    assert tall == [5, 9]
