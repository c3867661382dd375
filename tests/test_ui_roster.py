"""The roster as a secretary meets it: keyboard only."""

from __future__ import annotations

from tests.conftest import make_app
from tui.store import members
from tui.widgets.area_list import AreaList


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_add_a_member_by_keyboard_alone(branch_db):
    db = branch_db
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")              # 党员
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "王小明")
        await pilot.press("enter")              # → 性别
        await pilot.press("enter", "down", "enter")  # open the select, choose 男
        await pilot.pause()
        await pilot.press("tab")                # → 民族
        await type_text(pilot, "汉族")
        await pilot.press("enter")              # → 出生日期
        await type_text(pilot, "1985.3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = members.list_members(db)
        assert [(m.name, m.gender, m.ethnicity, m.birth_date, m.initials) for m in saved] == [
            ("王小明", "男", "汉族", "1985-03", "wxm")]
        table = app.screen.query_one(AreaList)
        assert table.total == 1


async def test_a_bad_date_is_explained_and_nothing_is_saved(branch_db):
    db = branch_db
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")              # 党员
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "李娜")
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, "1985-13-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#form-error").render())
        assert "出生日期" in error and "1985-13-01" in error
        assert members.list_members(db) == []
        await pilot.press("escape")


async def test_find_a_member_by_initials(demo_db):
    target = members.list_members(demo_db)[7]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")              # 党员
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, target.initials)
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        shown = {table.get_row_at(i)[0] for i in range(table.row_count)}
        assert target.name in shown
        assert table.total < len(members.list_members(demo_db))
        await type_text(pilot, "zzzzqqq")
        await pilot.pause()
        assert table.total == 0


async def test_import_a_messy_roster_shows_problems_and_writes_only_when_confirmed(branch_db, tmp_path):
    db = branch_db
    from openpyxl import Workbook

    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["计算机学院教工第一党支部党员花名册"])
    ws.append(["填报日期：2025年3月"])
    ws.append(["序号", "姓 名", "性别", "出生年月", "入党时间", "党员类别", "手机号"])
    ws.append([1, "张　慧", "女", "1985.03", "2010-6-1", "中共党员", 13812345678])
    ws.append([2, "李明", "男", "1990年13月", "2015年7月", "中共党员", ""])
    ws.append([])
    ws.append([3, "单田芳", "男", "1960-1-5", "1985.7", "中共预备党员", ""])
    ws.append(["填表人：王伟"])
    wb.save(path)

    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")              # 党员
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()   # the file is read in a thread worker
        await pilot.pause()
        preview = str(app.screen.query_one("#import-preview").render())
        assert "可导入 2 行" in preview
        assert "第5行" in preview and "出生日期" in preview
        assert "填表人" in preview
        assert members.list_members(db) == []          # nothing written before confirming
        await pilot.press("ctrl+s")
        await pilot.pause()
    names = {m.name: m for m in members.list_members(db)}
    assert set(names) == {"张慧", "单田芳"}
    assert names["张慧"].phone == "13812345678"
    assert names["单田芳"].party_status == "预备党员"
    assert names["单田芳"].pinyin.startswith("shan")


async def test_help_lists_every_key_and_palette_offers_area_actions(branch_db):
    db = branch_db
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")              # 党员
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        for needle in ("新增党员", "导入花名册", "设置支委会", "F3", "F9"):
            assert needle in text
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any("党员：新增党员" in t for t in titles)
        assert any(t.startswith("切换：支部") for t in titles)


async def test_branch_area_sets_up_the_profile_by_keyboard(db):
    from tui.store import branch

    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "教工第一党支部")
        await pilot.press("enter")
        await type_text(pilot, "中共某学院委员会")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert branch.get_branch(db).name == "教工第一党支部"
        assert "教工第一党支部" in str(app.screen.query_one("#branch-profile").render())


async def test_first_start_leads_to_setting_up_the_branch(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "branch"
        assert "尚未设置支部信息" in str(app.screen.query_one("#branch-profile").render())


async def test_typing_in_a_member_field_keeps_every_letter(demo_db):
    from tui.store import branch

    target = members.list_members(demo_db)[3]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "新党小组")
        await pilot.press("enter")              # → 组长 (a member field)
        await type_text(pilot, target.pinyin)   # the first letter opens the picker, the rest follow it
        await pilot.pause()
        assert app.screen.query_one("#picker-query").value == target.pinyin
        await pilot.press("enter")              # choose
        await pilot.press("ctrl+s")
        await pilot.pause()
    group = next(g for g in branch.list_groups(demo_db) if g.name == "新党小组")
    assert group.leader_id == target.id


async def test_committee_is_set_by_keyboard(demo_db):
    from tui.store import branch

    people = members.list_members(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("delete")             # clear the 书记 and choose another
        await type_text(pilot, people[0].pinyin)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "支部委员会" not in str(app.screen)   # dialog closed
    assert branch.get_committee(demo_db)["书记"] == people[0].id


async def test_a_members_attendance_history_opens_from_the_roster(demo_db):
    from tui.store.meetings import attendance_history

    target = members.list_members(demo_db)[0]
    history = attendance_history(demo_db, target.id)
    assert history, "the demo gives every member meetings to attend"
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert type(app.screen).__name__ == "AttendanceHistoryDialog"
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert target.name in shown


async def test_import_preview_names_who_will_be_added_and_updated(branch_db, tmp_path):
    db = branch_db
    members.save_member(db, {"name": "李明", "birth_date": "1979-03"})
    path = tmp_path / "花名册.csv"
    path.write_text(
        "序号,姓名,性别,出生年月,政治面貌\n"
        "1,张慧,女,1985.03,中共党员\n"
        "2,李明,男,1979.03,中共党员\n"
        "3,王五,[/],1990.01,中共党员\n"      # a stray bracket must show as typed, not break the dialog
        "合计,3人,,,\n",
        encoding="utf-8",
    )
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()   # the file is read in a thread worker
        await pilot.pause()
        preview = str(app.screen.query_one("#import-preview").render())
        assert "将新增 1 人，更新 1 人" in preview
        assert "新增：张慧" in preview and "更新：李明" in preview
        assert "不是“[/]”" in preview
        assert "3人" not in preview.split("第5行")[0]     # the totals row is not among the members
        assert [m.name for m in members.list_members(db)] == ["李明"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sorted(m.name for m in members.list_members(db)) == ["张慧", "李明"]
    assert members.find_by_name(db, "李明")[0].gender == "男"


async def test_editing_keeps_an_education_the_choices_do_not_list(branch_db):
    db = branch_db
    mid = members.save_member(db, {"name": "张慧", "education": "研究生", "degree": "工学博士"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    m = members.get_member(db, mid)
    assert (m.education, m.degree) == ("研究生", "工学博士")


async def test_an_honour_typed_wrong_can_be_removed(branch_db):
    db = branch_db
    mid = members.save_member(db, {"name": "张慧"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "优秀共产党页")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2021年")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [h.title for h in members.list_honours(db, mid)] == ["优秀共产党页"]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert members.list_honours(db, mid) == []
        await pilot.press("escape")
        await pilot.pause()
        assert "荣誉" not in str(app.screen.query_one("#roster-detail").render())


async def test_palette_runs_another_areas_action_and_help_writes_keys_plainly(branch_db):
    from tui.screens.roster_dialogs import ImportDialog

    app = make_app(branch_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        assert text.index("F9 支部（当前）") < text.index("F3 党员")
        assert "Ctrl+P" in text and "回车          编辑党小组" in text and "enter" not in text
        assert "  回车/E        编辑" in text     # two-cell characters are padded by cells
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "党员：导入花名册（F3，I）" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "导入花名册")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "members"
        assert isinstance(app.screen, ImportDialog)


async def test_escape_in_the_search_box_clears_it_and_keeps_the_person_found(demo_db):
    target = members.list_members(demo_db)[7]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, target.pinyin)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        assert app.screen.query_one("#roster-search").value == ""
        assert table.total == len(members.list_members(demo_db))
        assert table.has_focus and table.selected_key == target.id


async def test_leaving_a_committee_member_says_the_post_is_now_empty(branch_db):
    from tui.store import branch

    db = branch_db
    secretary = members.save_member(db, {"name": "张慧"})
    branch.set_committee(db, {"书记": secretary})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert "现任书记" in str(app.screen.query_one("#form-title").render())
        await type_text(pilot, "2026-10-15")
        await pilot.press("tab", "enter", "down", "enter")   # 离开方式: 转出
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("已不再担任书记" in str(n.message) for n in app._notifications)
    assert branch.get_committee(db) == {}


def test_the_import_dialog_finds_rosters_received_in_wechat(tmp_path):
    from tui.screens.roster_dialogs import spreadsheet_candidates

    month = tmp_path / "Documents" / "WeChat Files" / "wxid_abc" / "FileStorage" / "File" / "2026-11"
    month.mkdir(parents=True)
    (month / "2026年党员花名册.xlsx").write_bytes(b"x")
    (tmp_path / "OneDrive" / "桌面").mkdir(parents=True)
    (tmp_path / "OneDrive" / "桌面" / "名单.csv").write_text("姓名\n", encoding="utf-8")
    names = {p.name for p in spreadsheet_candidates(home=tmp_path)}
    assert {"2026年党员花名册.xlsx", "名单.csv"} <= names


async def test_a_bracket_in_a_note_is_shown_as_typed(branch_db):
    members.save_member(branch_db, {"name": "张慧", "note": "[/] 待核实 [b]"})
    app = make_app(branch_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "备注：[/] 待核实 [b]" in str(app.screen.query_one("#roster-detail").render())


async def test_coming_back_to_an_area_rereads_only_after_a_write(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        roster = app.screen
        loads = []
        original = roster.reload
        roster.reload = lambda keep=None: (loads.append(1), original(keep=keep))
        await pilot.press("f9", "f3")             # nothing written: no re-read
        await pilot.pause()
        assert loads == []
        await pilot.press("f9")
        await pilot.pause()
        members.save_member(demo_db, {"name": "新来的"})   # a write made elsewhere in the app
        await pilot.press("f3")
        await pilot.pause()
        assert loads == [1]
        assert any(m.name == "新来的" for m in roster.all_members)


async def test_the_detail_follows_the_cursor_and_enter_edits(demo_db):
    people = members.list_members(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert str(app.screen.query_one("#roster-detail").render()).startswith(people[2].name)
        await pilot.press("enter")
        await pilot.pause()
        assert people[2].name in str(app.screen.query_one("#form-title").render())


async def test_a_roster_is_read_in_a_worker_and_a_hostile_one_is_refused_in_the_dialog(branch_db, tmp_path):
    import threading

    from tui.importers import roster

    stray = tmp_path / "引号.csv"
    stray.write_text("姓名,性别,出生日期,入党时间\r\n张三,男,1985-03-12,\"2005-06-01\r\n"
                     + "李四,女,1990-01-02,2012-07-01\r\n" * 200, encoding="utf-8")
    release = threading.Event()
    real = roster.read_roster

    def slow_read(path, progress=None):
        progress(0.5)
        assert release.wait(10)
        return real(path, progress)

    app = make_app(branch_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(stray))
        roster.read_roster = slow_read
        try:
            await pilot.press("enter")
            await pilot.pause(0.2)
            # The screen still answers while the file is being read; the progress bar shows.
            assert "正在读取 引号.csv" in str(app.screen.query_one("#import-error").render())
            bar = app.screen.query_one("#import-progress")
            assert bar.display and bar.progress == 50
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
        finally:
            roster.read_roster = real
        error = str(app.screen.query_one("#import-error").render())
        assert "第 2 行有一个不配对的英文双引号" in error
        assert not app.screen.query_one("#import-progress").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert members.list_members(branch_db) == []
