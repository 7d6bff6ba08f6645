import pytest

from duban.accounts.models import Unit, UnitKind
from duban.accounts.services import unit_kind_guess, units_resolve
from duban.test import make_unit


def test_it_matches_units_by_exact_name(personas):
    resolution = units_resolve(organization=personas.org, names=["办公室", "计财处"])

    assert resolution.units == {"办公室": personas.office, "计财处": personas.finance}
    assert resolution.matched == ["办公室", "计财处"]
    assert resolution.created == []


def test_it_matches_units_by_alias(personas):
    resolution = units_resolve(organization=personas.org, names=["基教处"])

    assert resolution.units["基教处"] == personas.basic_ed
    assert resolution.created == []


def test_it_ignores_whitespace_when_comparing_names(personas):
    resolution = units_resolve(organization=personas.org, names=["办 公 室", " 基 教处"])

    assert resolution.units["办 公 室"] == personas.office
    assert resolution.units[" 基 教处"] == personas.basic_ed


def test_it_prefers_an_exact_name_over_another_units_alias(personas):
    make_unit(personas.org, "督导处")
    personas.office.aliases = ["督导处"]
    personas.office.save()

    resolution = units_resolve(organization=personas.org, names=["督导处"])

    assert resolution.units["督导处"].name == "督导处"


def test_it_creates_unknown_units_once_and_reports_them(personas):
    resolution = units_resolve(
        organization=personas.org, names=["人事处", "教研中心", "人事处", "各有关单位"]
    )

    assert resolution.created == ["人事处", "教研中心", "各有关单位"]
    created = {
        u.name: u.kind for u in Unit.objects.filter(organization=personas.org, name__in=resolution.created)
    }
    assert created == {
        "人事处": UnitKind.DEPARTMENT,
        "教研中心": UnitKind.AFFILIATED,
        "各有关单位": UnitKind.COLLECTIVE,
    }
    assert resolution.units["人事处"].pk is not None


def test_it_never_matches_units_of_another_organization(personas):
    resolution = units_resolve(organization=personas.other_org, names=["计财处"])

    assert resolution.created == ["计财处"]
    assert resolution.units["计财处"].organization == personas.other_org


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各处室", UnitKind.COLLECTIVE),
        ("各有关单位", UnitKind.COLLECTIVE),
        ("相关处室", UnitKind.COLLECTIVE),
        ("监测中心", UnitKind.AFFILIATED),
        ("教科所", UnitKind.AFFILIATED),
        ("考试院", UnitKind.AFFILIATED),
        ("少体校", UnitKind.AFFILIATED),
        ("图书馆", UnitKind.AFFILIATED),
        ("勤工俭学站", UnitKind.AFFILIATED),
        ("基教处", UnitKind.DEPARTMENT),
        ("办公室", UnitKind.DEPARTMENT),
    ],
)
def test_it_guesses_a_units_kind_from_its_name(name, kind):
    assert unit_kind_guess(name) == kind
