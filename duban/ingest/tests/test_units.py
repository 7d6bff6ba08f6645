from duban.ingest.units import Vocabulary, looks_like_unit, split_cell


def test_it_splits_a_cell_on_every_separator():
    assert split_cell("基教处、计财处，人事处;教研室\n技信中心").names == [
        "基教处",
        "计财处",
        "人事处",
        "教研室",
        "技信中心",
    ]


def test_it_never_splits_inside_brackets():
    assert split_cell("各县（市、区）教育局、市直各学校").names == ["各县（市、区）教育局", "市直各学校"]


def test_it_splits_on_a_conjunction_only_after_a_whole_name():
    assert split_cell("基教处和人事处").names == ["基教处", "人事处"]
    assert split_cell("和美教育中心").names == ["和美教育中心"]


def test_it_keeps_trailing_qualifiers_as_marks_not_units():
    cell = split_cell("发改委、财政局等有关部门")
    assert cell.names == ["发改委", "财政局"]
    assert cell.marks == ["等有关部门"]


def test_it_drops_white_space_inside_a_name():
    assert split_cell("教研室 ").names == ["教研室"]
    assert split_cell("监 测 中 心").names == ["监测中心"]


def test_it_splits_names_run_together_by_the_document_vocabulary():
    vocabulary = Vocabulary(["职成教处", "高教处", "职成教处高教处"])
    assert vocabulary.split_joined("职成教处高教处") == ["职成教处", "高教处"]


def test_it_keeps_a_name_the_document_uses_on_its_own_more_than_once():
    vocabulary = Vocabulary(["市政府办公室", "市政府办公室", "办公室", "市政府"])
    assert vocabulary.split_joined("市政府办公室") is None


def test_it_splits_by_unit_suffix_when_one_part_is_known():
    vocabulary = Vocabulary(["人事处", "人事处财务科"])
    assert vocabulary.split_joined("人事处财务科") == ["人事处", "财务科"]


def test_it_does_not_split_an_unknown_name_by_suffix_alone():
    assert Vocabulary(["监测评估中心"]).split_joined("监测评估中心") is None


def test_it_recognises_a_unit_by_its_ending():
    assert looks_like_unit("基教处")
    assert looks_like_unit("各处室")
    assert not looks_like_unit("加强安全教育。")


def test_a_comma_after_a_collective_separates_two_units():
    assert split_cell("各街道,区商务局").names == ["各街道", "区商务局"]


def test_a_collective_and_the_direct_bodies_are_two_units():
    assert split_cell("各乡镇、区直各单位").names == ["各乡镇", "区直各单位"]


def test_a_run_of_area_kinds_after_one_ge_stays_one_collective():
    assert split_cell("各区、县级市").names == ["各区、县级市"]
    assert split_cell("各县、市、区人民政府，市直有关单位").names == ["各县、市、区人民政府", "市直有关单位"]


def test_angle_brackets_around_the_areas_keep_a_collective_whole():
    assert split_cell("各县<市、区>人民政府,市财政局").names == ["各县<市、区>人民政府", "市财政局"]
    assert split_cell("各县〈市、区〉教育局").names == ["各县〈市、区〉教育局"]
