import subprocess
import sys
from pathlib import Path

import pytest

from tui.pinyin_search import matches, name_keys

REPO = Path(__file__).resolve().parents[1]


def test_keys_are_full_pinyin_and_first_letters():
    assert name_keys("张慧") == ("zhanghui", "zh")
    assert name_keys("王小明") == ("wangxiaoming", "wxm")


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("朴树", "piaoshu", "ps"),
        ("查良镛", "zhaliangyong", "zly"),
        ("区志强", "ouzhiqiang", "ozq"),
        ("覃明", "qinming", "qm"),
        ("翟天临", "zhaitianlin", "ztl"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("万俟卨", "moqixie", "mqx"),
        ("种师道", "chongshidao", "csd"),
    ],
)
def test_surnames_with_special_readings(name, full, initials):
    assert name_keys(name) == (full, initials)


def test_special_reading_applies_to_the_surname_only():
    # 曾 inside a given name keeps its everyday reading.
    assert name_keys("王曾")[0] == "wangceng"


def test_spaces_and_separators_in_names_are_ignored():
    assert name_keys("张　慧") == ("zhanghui", "zh")
    full, initials = name_keys("阿依古丽·买买提")
    assert full == "ayigulimaimaiti" and initials == "ayglmmt"


@pytest.mark.parametrize("query", ["zh", "zhanghui", "张", "慧", "张慧", "ZH", "Zhang", "zhangh", "zhh", "zhhui",
                                   "zhang hui", ""])
def test_zhang_hui_is_found(query):
    assert matches(query, "张慧", *name_keys("张慧"))


@pytest.mark.parametrize("query", ["zhanghuix", "hui", "wang", "zx", "李", "hz"])
def test_zhang_hui_is_not_found(query):
    assert not matches(query, "张慧", *name_keys("张慧"))


def test_corrected_surname_is_searchable():
    keys = name_keys("单田芳")
    assert matches("shan", "单田芳", *keys)
    assert matches("stf", "单田芳", *keys)
    assert not matches("dan", "单田芳", *keys)


def test_search_over_a_roster_with_precomputed_keys():
    roster = ["张慧", "张小华", "赵红", "王小明", "曾国藩"]
    keyed = [(n, *name_keys(n)) for n in roster]
    assert [n for n, f, i in keyed if matches("zh", n, f, i)] == ["张慧", "张小华", "赵红"]
    assert [n for n, f, i in keyed if matches("zxh", n, f, i)] == ["张小华"]
    assert [n for n, f, i in keyed if matches("zeng", n, f, i)] == ["曾国藩"]


def test_matching_with_stored_keys_needs_no_pypinyin():
    """Keys are computed once and stored; the per-keystroke match never loads pypinyin."""
    code = (
        "import sys\n"
        "from tui.pinyin_search import matches\n"
        "assert 'pypinyin' not in sys.modules\n"
        "assert matches('zhh', '张慧', 'zhanghui', 'zh')\n"
        "assert not matches('li', '张慧', 'zhanghui', 'zh')\n"
        "assert 'pypinyin' not in sys.modules, 'matches imported pypinyin'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
