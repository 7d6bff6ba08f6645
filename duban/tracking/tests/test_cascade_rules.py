"""The cascade's pure rules: shares as typed, shares that must add up, even splits, places with ties."""

from __future__ import annotations

from decimal import Decimal

from duban.tracking import cascade_rules


def test_a_share_is_a_non_negative_ascii_number():
    assert cascade_rules.share_value("1,200") == Decimal(1200)
    assert cascade_rules.share_value(Decimal("2.5")) == Decimal("2.5")
    assert cascade_rules.share_value("-1") is None
    assert cascade_rules.share_value("１２") is None  # full-width digits are refused, as everywhere
    assert cascade_rules.share_value("NaN") is None
    assert cascade_rules.share_value("") is None
    assert cascade_rules.share_value("1e30") is None  # more than Target.value can hold


def test_shares_that_do_not_add_up_are_named_with_their_total():
    shares = {1: Decimal(3600), 2: Decimal(2000)}

    assert cascade_rules.shares_total_error(value=Decimal(6000), shares=shares) == ("5600", "6000")
    assert cascade_rules.shares_total_error(value=Decimal(5600), shares=shares) is None


def test_an_even_split_of_a_count_gives_the_remainder_to_the_first():
    assert cascade_rules.even_split(Decimal(200), 3) == [Decimal(67), Decimal(67), Decimal(66)]
    assert sum(cascade_rules.even_split(Decimal(6000), 7)) == 6000
    assert cascade_rules.even_split(Decimal(5), 0) == []


def test_equal_figures_share_a_place_and_the_next_place_skips():
    items = [90, 80, 80, 70]

    assert cascade_rules.places(items, lambda x: x) == [1, 2, 2, 4]
