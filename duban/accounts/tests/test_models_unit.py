import pytest
from django.db import IntegrityError

from duban.accounts.models import Unit, UnitKind
from duban.test import make_unit


def test_a_collective_without_members_stands_for_every_other_unit(personas):
    members = set(personas.all_departments.member_units())

    assert members == {personas.office, personas.basic_ed, personas.finance}


def test_a_collective_with_members_stands_for_those_only(personas):
    personas.all_departments.members.set([personas.office])

    assert list(personas.all_departments.member_units()) == [personas.office]


def test_a_plain_unit_stands_for_itself(personas):
    assert list(personas.finance.member_units()) == [personas.finance]


def test_it_finds_the_collectives_a_unit_belongs_to(personas):
    relevant = make_unit(personas.org, "各有关单位", kind=UnitKind.COLLECTIVE)
    relevant.members.set([personas.office])

    assert list(Unit.objects.collectives_containing(personas.finance)) == [personas.all_departments]
    assert set(Unit.objects.collectives_containing(personas.office)) == {personas.all_departments, relevant}


def test_unit_names_are_unique_within_an_organization(personas):
    make_unit(personas.other_org, "计财处")  # another organisation may reuse the name
    with pytest.raises(IntegrityError):
        make_unit(personas.org, "计财处")
