"""Targets read against 序时: a share of the year's value for levels and increases, a ceiling as stated."""

from __future__ import annotations

from decimal import Decimal

from duban.plans.models import TargetOp
from duban.tracking.target_pace import target_expected, target_on_pace


def test_an_increase_is_due_pro_rata_of_the_elapsed_time() -> None:
    assert target_expected(op=TargetOp.INCREASE, target=Decimal(6000), expected_percent=50) == Decimal(3000)


def test_half_the_years_increase_at_mid_year_keeps_pace_though_it_is_not_met() -> None:
    assert target_on_pace(
        op=TargetOp.INCREASE, target=Decimal(6000), actual=Decimal(3100), expected_percent=50
    )
    assert not target_on_pace(
        op=TargetOp.INCREASE, target=Decimal(6000), actual=Decimal(2900), expected_percent=50
    )


def test_a_ceiling_holds_all_year_whatever_the_elapsed_time() -> None:
    assert target_expected(op=TargetOp.AT_MOST, target=Decimal(5), expected_percent=10) == Decimal(5)
    assert target_on_pace(op=TargetOp.AT_MOST, target=Decimal(5), actual=Decimal(4), expected_percent=10)
    assert not target_on_pace(op=TargetOp.AT_MOST, target=Decimal(5), actual=Decimal(6), expected_percent=90)


def test_nothing_reported_is_neither_on_pace_nor_behind() -> None:
    assert target_on_pace(op=TargetOp.AT_LEAST, target=Decimal(90), actual=None, expected_percent=50) is None


def test_the_share_stays_within_the_year() -> None:
    assert target_expected(op=TargetOp.AT_LEAST, target=Decimal(90), expected_percent=130) == Decimal(90)
    assert target_expected(op=TargetOp.AT_LEAST, target=Decimal(90), expected_percent=-5) == Decimal(0)
