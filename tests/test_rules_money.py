import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.rules.money import (
    MAX_FEN,
    MoneyError,
    fen_to_yuan_text,
    format_fen,
    parse_yuan,
    yuan_cn,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12", 1200),
        ("12.3", 1230),
        ("12.34", 1234),
        (" 12.34 ", 1234),
        ("1,234.50", 123450),
        ("１２.３４", 1234),
        ("１２．３４", 1234),
        ("12.34元", 1234),
        ("12.34 元", 1234),
        ("¥12.34", 1234),
        ("￥12.34", 1234),
        ("0.2", 20),
        ("0", 0),
        ("12.340", 1234),
        ("10,000,000", MAX_FEN),
    ],
)
def test_accepted_amounts(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("12.345", "月应交", "「月应交」最多两位小数：12.345"),
        ("-5", "实交", "「实交」不能为负数：-5"),
        ("一百", "基数", "「基数」不是有效金额：一百"),
        ("", "基数", "「基数」不能为空"),
        ("   ", "基数", "「基数」不能为空"),
        ("1e3", "基数", "「基数」不是有效金额：1e3"),
        ("nan", "基数", "「基数」不是有效金额：nan"),
        ("12..3", "基数", "「基数」不是有效金额：12..3"),
        ("1,23", "基数", "「基数」不是有效金额：1,23"),
        ("10000000.01", "基数", "「基数」金额过大（上限 10,000,000 元）：10000000.01"),
        ("99999999999", "基数", "「基数」金额过大（上限 10,000,000 元）：99999999999"),
    ],
)
def test_rejected_amounts_name_the_field(text, field, message):
    with pytest.raises(MoneyError) as caught:
        parse_yuan(text, field)
    assert str(caught.value) == message
    assert caught.value.field == field


def test_default_field_name_is_jine():
    with pytest.raises(MoneyError, match="^「金额」不是有效金额：abc$"):
        parse_yuan("abc")


def test_huge_paste_is_refused_with_a_short_message():
    with pytest.raises(MoneyError) as caught:
        parse_yuan("9" * 5000, "基数")
    assert "金额过大" in str(caught.value)
    assert len(str(caught.value)) < 80


def test_negative_allowed_when_asked():
    assert parse_yuan("-5", allow_negative=True) == -500
    assert parse_yuan("-1,234.50", allow_negative=True) == -123450


def test_zero_refused_when_asked():
    with pytest.raises(MoneyError, match="^「月应交」不能为 0$"):
        parse_yuan("0.00", "月应交", allow_zero=False)
    assert parse_yuan("0.01", allow_zero=False) == 1


@pytest.mark.parametrize(
    ("fen", "plain", "grouped"),
    [
        (1234, "12.34", "12.34"),
        (20, "0.20", "0.20"),
        (0, "0.00", "0.00"),
        (5, "0.05", "0.05"),
        (123450, "1234.50", "1,234.50"),
        (-123450, "-1234.50", "-1,234.50"),
        (100_000_000, "1000000.00", "1,000,000.00"),
    ],
)
def test_format_fen(fen, plain, grouped):
    assert format_fen(fen) == plain
    assert format_fen(fen, thousands=True) == grouped
    assert fen_to_yuan_text(fen) == plain


def test_yuan_cn():
    assert yuan_cn(1234) == "12.34元"
    assert yuan_cn(20) == "0.20元"


@pytest.mark.parametrize("bad", [12.5, 1.0, True, "12"])
def test_format_fen_refuses_anything_but_int(bad):
    with pytest.raises(TypeError):
        format_fen(bad)


@given(st.integers(min_value=0, max_value=10**9))
def test_parse_inverts_format(fen):
    assert parse_yuan(format_fen(fen)) == fen
    assert parse_yuan(format_fen(fen, thousands=True)) == fen
    assert parse_yuan(yuan_cn(fen)) == fen
