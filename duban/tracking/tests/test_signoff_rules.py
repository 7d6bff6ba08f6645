import datetime as dt

from duban.tracking import signoff_rules


def test_the_days_to_sign_default_when_the_plan_sets_none():
    assert signoff_rules.signoff_days(None) == signoff_rules.SIGNOFF_DAYS
    assert signoff_rules.signoff_days({"red_missed_cycles": 3}) == signoff_rules.SIGNOFF_DAYS


def test_the_plan_may_set_its_own_days_to_sign():
    assert signoff_rules.signoff_days({"signoff_days": 7}) == 7
    assert signoff_rules.signoff_days({"signoff_days": 0}) == 0


def test_a_negative_boolean_or_text_setting_is_ignored():
    for value in (-1, True, "5", 2.5):
        assert signoff_rules.signoff_days({"signoff_days": value}) == signoff_rules.SIGNOFF_DAYS


def test_the_last_day_is_the_request_day_plus_the_days():
    assert signoff_rules.signoff_due(requested_on=dt.date(2025, 6, 30), days=3) == dt.date(2025, 7, 3)


def test_a_reply_by_date_is_the_last_day_whatever_the_days():
    due = signoff_rules.signoff_due(requested_on=dt.date(2025, 6, 30), days=3, reply_by=dt.date(2025, 7, 15))

    assert due == dt.date(2025, 7, 15)


def test_a_sign_off_is_overdue_only_unsigned_after_its_last_day():
    due = dt.date(2025, 7, 3)

    assert not signoff_rules.signoff_overdue(due_on=due, signed=False, today=due)
    assert signoff_rules.signoff_overdue(due_on=due, signed=False, today=dt.date(2025, 7, 4))
    assert not signoff_rules.signoff_overdue(due_on=due, signed=True, today=dt.date(2025, 7, 4))


def test_the_reminder_key_changes_only_when_a_later_sign_off_falls_due():
    first = signoff_rules.signoff_reminder_key(plan_id=1, unit_id=2, due_dates=[dt.date(2025, 7, 3)])
    same = signoff_rules.signoff_reminder_key(
        plan_id=1, unit_id=2, due_dates=[dt.date(2025, 7, 1), dt.date(2025, 7, 3)]
    )
    later = signoff_rules.signoff_reminder_key(
        plan_id=1, unit_id=2, due_dates=[dt.date(2025, 7, 3), dt.date(2025, 7, 9)]
    )

    assert first == same != later
    assert first != signoff_rules.signoff_reminder_key(plan_id=1, unit_id=3, due_dates=[dt.date(2025, 7, 3)])
