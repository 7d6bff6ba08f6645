"""Organisations in a hierarchy: the pure rules, the service and `duban org`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from duban.accounts import hierarchy
from duban.accounts.models import Organization
from duban.accounts.services import HierarchyError, organization_parent_set
from duban.tracking.models import AuditEntry


def test_a_parent_below_the_organisation_makes_a_cycle():
    parents = {1: None, 2: 1, 3: 2}

    assert hierarchy.creates_cycle(1, 3, parents)
    assert hierarchy.creates_cycle(2, 2, parents)
    assert not hierarchy.creates_cycle(3, 1, parents)


def test_depth_counts_the_levels_above_and_below():
    parents = {1: None, 2: 1, 3: 2, 4: None}

    assert hierarchy.depth_above(3, parents) == 3
    assert hierarchy.depth_below(1, parents) == 2
    assert hierarchy.depth_below(4, parents) == 0


def _orgs(*names: str) -> list[Organization]:
    return [Organization.objects.create(name=name) for name in names]


def test_setting_a_parent_is_audited_and_lists_the_child_among_the_subordinates(db):
    city, county, school = _orgs("市局", "县局", "学校")

    organization_parent_set(organization=county, parent=city, by=None)
    organization_parent_set(organization=school, parent=county, by=None)

    assert list(Organization.objects.children_of(city)) == [county]
    assert [o.name for o in Organization.objects.descendants_of(city)] == ["县局", "学校"]
    entry = AuditEntry.objects.get(action="organization_parent_set", organization=county)
    assert entry.after == {"parent": city.pk}


def test_it_refuses_a_cycle_and_changes_nothing(db):
    city, county = _orgs("市局", "县局")
    organization_parent_set(organization=county, parent=city, by=None)

    with pytest.raises(HierarchyError) as refused:
        organization_parent_set(organization=city, parent=county, by=None)

    assert "循环" in refused.value.message
    city.refresh_from_db()
    assert city.parent_id is None


def test_it_refuses_a_fifth_level(db):
    orgs = _orgs("省", "市", "县", "校", "班")
    for child, parent in zip(orgs[1:4], orgs[:3], strict=True):
        organization_parent_set(organization=child, parent=parent, by=None)

    with pytest.raises(HierarchyError):
        organization_parent_set(organization=orgs[4], parent=orgs[3], by=None)


def test_the_command_sets_and_clears_a_parent_and_prints_the_tree(db):
    _orgs("市局", "县局")
    out = io.StringIO()

    call_command("org", "set-parent", "县局", "--parent", "市局", stdout=out)
    call_command("org", "tree", stdout=out)
    call_command("org", "set-parent", "县局", "--none", stdout=out)

    assert "县局 的上级组织：市局" in out.getvalue()
    assert "市局\n  县局\n" in out.getvalue()
    assert Organization.objects.get(name="县局").parent_id is None


def test_the_command_names_a_missing_organisation_and_a_refused_cycle(db):
    _orgs("市局", "县局")
    call_command("org", "set-parent", "县局", "--parent", "市局", stdout=io.StringIO())

    with pytest.raises(CommandError, match="组织不存在：乡局"):
        call_command("org", "set-parent", "乡局", "--parent", "市局")
    with pytest.raises(CommandError, match="循环"):
        call_command("org", "set-parent", "市局", "--parent", "县局")
