"""Documents a task names: 出台《…》, 落实《…》, 编写《…》, and untitled ones such as 出台…实施方案."""

from __future__ import annotations

import re

from duban.ingest.model import DocumentAction, DocumentRef

_ACTIONS: list[tuple[DocumentAction, tuple[str, ...]]] = [
    ("issue", ("出台", "制定", "制订", "印发", "起草", "修订", "研究制定", "发布", "出台实施")),
    ("implement", ("落实", "贯彻", "用好", "执行", "实施", "用足", "使用", "应用", "学习")),
    ("compile", ("编写", "出版", "编印", "编制", "编纂", "汇编", "编撰")),
]
_ISSUE_VERB = re.compile(r"出台|制定|制订")
_TITLED = re.compile(r"《([^《》]{2,80})》")
_CLAUSE_BREAK = re.compile(r"[，。；,;]")
_DOCUMENT_NOUNS = (
    "实施方案",
    "工作方案",
    "行动方案",
    "方案",
    "办法",
    "意见",
    "规定",
    "细则",
    "条例",
    "规划",
    "计划",
    "纲要",
    "标准",
    "指南",
    "政策",
    "制度",
    "措施",
    "通知",
)
_UNTITLED = re.compile(
    r"(出台|制定|制订|研究制定)([^，。；、《》,;]{2,40}?(?:"
    + "|".join(_DOCUMENT_NOUNS)
    + r"))(?=[，。；,;]|$)"
)


def find_documents(text: str) -> list[DocumentRef]:
    """Every document the task text names, with what the task does with it."""
    if "《" not in text and not _ISSUE_VERB.search(text):
        return []
    found: list[DocumentRef] = []
    # The verbs are read in the text without its titles; `removed` counts the title characters
    # before each match, so the bare text is sliced once, not rebuilt per title.
    bare = _TITLED.sub("", text)
    removed = 0
    for match in _TITLED.finditer(text):
        at = match.start() - removed
        found.append(DocumentRef(title=match.group(1), action=_action(bare[:at], bare[at:])))
        removed += match.end() - match.start()
    for match in _UNTITLED.finditer(bare):
        found.append(DocumentRef(title=match.group(2), action="issue"))
    return found


def _action(before_text: str, after_text: str) -> DocumentAction:
    # The verb stands before the title (出台《…》), or after a run of titles (《…》地方教材编写、出版).
    before = _CLAUSE_BREAK.split(before_text)[-1]
    for action, verbs in _ACTIONS:
        if before.endswith(verbs) or any(before.endswith(v + "和") for v in verbs):
            return action
    after = _CLAUSE_BREAK.split(after_text, maxsplit=1)[0]
    for action, verbs in _ACTIONS:
        if any(verb in after for verb in verbs):
            return action
    for action, verbs in _ACTIONS:
        if any(verb in before for verb in verbs):
            return action
    return "other"
