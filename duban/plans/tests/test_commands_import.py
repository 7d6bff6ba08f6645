from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.accounts.models import Organization, Unit
from duban.plans.models import Plan, Task
from duban.testdata import FOUNDING_DOCUMENT

DEMO = "duban/plans/samples/demo_plan.txt"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue()


def assert_nothing_written():
    assert Organization.objects.count() == 0
    assert Unit.objects.count() == 0
    assert Plan.objects.count() == 0


@pytest.fixture
def demo_file(tmp_path):
    from django.conf import settings

    source = settings.BASE_DIR / DEMO
    path = tmp_path / "青川2025.txt"
    path.write_bytes(source.read_bytes())
    return path


@pytest.mark.django_db
def test_it_creates_the_organization_and_prints_a_summary(demo_file):
    output = run(str(demo_file), "--org", "青川市教育局")

    assert "已创建组织：青川市教育局" in output
    assert "已导入方案《2025年全市教育工作任务分解方案》" in output
    assert "板块 5 个，任务 35 项" in output
    assert "新建" in output
    assert Task.objects.count() == 35


@pytest.mark.django_db
def test_it_uses_an_existing_organization_quietly(demo_file):
    Organization.objects.create(name="青川市教育局")

    output = run(str(demo_file), "--org", "青川市教育局")

    assert "已创建组织" not in output
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_duplicate_with_exit_code_1(demo_file):
    run(str(demo_file), "--org", "青川市教育局")

    with pytest.raises(CommandError, match="该文件已导入为方案") as error:
        run(str(demo_file), "--org", "青川市教育局")

    assert error.value.returncode == 1
    assert "--replace" in str(error.value)
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_it_replaces_a_plan_with_replace(demo_file):
    run(str(demo_file), "--org", "青川市教育局")
    first = Plan.objects.get()

    output = run(str(demo_file), "--org", "青川市教育局", "--replace")

    assert "已替换方案" in output
    assert Plan.objects.exclude(pk=first.pk).count() == 1
    assert Plan.objects.count() == 1
    assert Task.objects.count() == 35


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"", bytes(range(256)) * 40],
    ids=["empty file", "binary garbage"],
)
def test_it_exits_2_and_writes_nothing_for_an_unreadable_file(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        run(str(path), "--org", "新组织")

    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    assert_nothing_written()


@pytest.mark.django_db
def test_it_exits_3_and_writes_nothing_when_the_file_holds_no_tasks(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(
        "关于召开会议的通知\n\n各处室：\n\n定于下周一召开全体会议，请准时参加。\n", encoding="utf-8"
    )

    with pytest.raises(CommandError) as error:
        run(str(path), "--org", "新组织")

    assert error.value.returncode == 3
    assert_nothing_written()


@pytest.mark.django_db
def test_it_exits_2_when_the_file_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件") as error:
        run(str(tmp_path / "missing.txt"), "--org", "新组织")

    assert error.value.returncode == 2
    assert_nothing_written()


@pytest.mark.django_db
def test_it_imports_the_founding_document():
    output = run(str(FOUNDING_DOCUMENT), "--org", "台州市教育局")

    assert "板块 7 个，任务 100 项" in output
    assert "单位：匹配 0 个，新建 20 个" in output
