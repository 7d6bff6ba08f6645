from duban.ingest.documents import find_documents


def _found(text):
    return [(d.title, d.action) for d in find_documents(text)]


def test_a_document_to_issue():
    assert _found("出台《关于推进基础教育改革和发展的若干意见》。") == [
        ("关于推进基础教育改革和发展的若干意见", "issue")
    ]


def test_a_document_to_implement():
    assert _found("贯彻《民办事业单位报备员额管理办法（试行）》，") == [
        ("民办事业单位报备员额管理办法（试行）", "implement")
    ]


def test_a_verb_after_a_run_of_titles_applies_to_them():
    assert _found("加快《大陈岛垦荒精神》地方教材编写、出版。") == [("大陈岛垦荒精神", "compile")]


def test_an_untitled_document_to_issue():
    assert _found("出台我市防控儿童青少年近视实施方案，扭转势头。") == [
        ("我市防控儿童青少年近视实施方案", "issue")
    ]


def test_a_plain_text_names_no_document():
    assert find_documents("开展文明校园创建。") == []
