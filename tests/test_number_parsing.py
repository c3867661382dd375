"""Numbers as users type them: only 0-9 are digits ("2025010²" once crashed the app).

Every date/money/year parser, given arbitrary text, returns a value or raises the project's own
error with a Chinese message — never another exception.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.importers.roster import parse_date as roster_date
from tui.rules import dues as dues_rules
from tui.rules.obligations import ruleset as obligations
from tui.rules.dates import DateError, normalize_date, normalize_time, optional_date
from tui.rules.forms import resolve_period
from tui.rules.money import MoneyError, parse_yuan
from tui.rules.pairings import parse_hours

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Text that looks like numbers and dates, mixed with the characters that fool str.isdigit().
TRICKY = st.sampled_from(list("0123456789-./年月日 ,¥元²³¹①⑳٣٤۵０１２．－／\u3000\x00\ufffe"))
TEXT = st.one_of(st.text(), st.text(TRICKY, max_size=20), st.from_regex(r"[0-9²]{1,25}", fullmatch=True))


def _value_or_chinese_error(call, error_type) -> None:
    try:
        call()
    except error_type as exc:
        assert CHINESE.search(str(exc)), str(exc)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_date_and_time_parsers(text):
    _value_or_chinese_error(lambda: normalize_date(text, "日期"), DateError)
    _value_or_chinese_error(lambda: normalize_date(text, "日期", allow_month=True), DateError)
    _value_or_chinese_error(lambda: optional_date(text, "日期", allow_month=True), DateError)
    _value_or_chinese_error(lambda: normalize_time(text), DateError)
    _value_or_chinese_error(lambda: resolve_period(None, text or None, None), DateError)
    _value_or_chinese_error(lambda: resolve_period(text, None, None), DateError)
    _value_or_chinese_error(lambda: roster_date(text), ValueError)
    _value_or_chinese_error(lambda: dues_rules._year_month(text, "日期"), dues_rules.DuesError)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_money_and_count_parsers(text):
    _value_or_chinese_error(lambda: parse_yuan(text), MoneyError)
    _value_or_chinese_error(lambda: dues_rules._setting_fen("定额", text), dues_rules.DuesError)
    _value_or_chinese_error(lambda: obligations._int(text, "每年党课次数", 1, 12), obligations.RulesError)
    _value_or_chinese_error(lambda: parse_hours(text), ValueError)


@pytest.mark.parametrize("text", ["2025010²", "2025-01-0²", "２０２５０１０２", "①②③④⑤⑥⑦⑧", "٢٠٢٥٠١٠٢"])
def test_only_ascii_digits_make_a_date(text):
    if text == "２０２５０１０２":          # full-width digits are what Chinese input methods type
        assert normalize_date(text) == "2025-01-02"
        return
    with pytest.raises(DateError, match="不是有效日期"):
        normalize_date(text, "会议日期")
    with pytest.raises(ValueError, match="无法识别的日期"):
        roster_date(text)


def test_superscripts_are_not_silently_other_numbers():
    with pytest.raises(MoneyError, match="不是有效金额"):
        parse_yuan("12²")          # NFKC would have made this 122 元
    assert parse_yuan("１２．５０") == 1250
    with pytest.raises(DateError, match="1900–3000"):
        normalize_date("0001-01-01")
    with pytest.raises(DateError, match="1900–3000"):
        normalize_date("9999-12-31")
