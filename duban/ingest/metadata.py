"""The notice around the task table: its title, issuer, addressees, copy list, date and the plan title."""

from __future__ import annotations

import datetime as dt
import re

from duban.ingest.model import PlanMeta
from duban.ingest.text import squash, to_halfwidth_digits

_DOCUMENT_NUMBER = re.compile(r"^\S{1,12}[〔\[【(（]\d{4}[〕\]】)）]\d{1,5}号$")
# A web page's own lines around a copied notice: 索引号：…, 发布机构：…, 文号：…, a breadcrumb.
_CHROME = re.compile(
    r"^(?:索引号|信息索引号|发布机构|发文机关|发文机构|发文日期|成文日期|发布日期|发布时间|公开日期|主题分类|主题词"
    r"|公开方式|公开范围|文号|发文字号|来源|浏览次数|字号|当前位置|您当前的位置|首页)"
)
_LABELLED = re.compile(r"^(发布机构|发文机关|发文机构|文号|发文字号|发文日期|成文日期)[:：](.+)$")
_ISO_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PLAN_WORDS = (
    "方案",
    "计划",
    "要点",
    "清单",
    "分工",
    "任务",
    "安排",
    "台账",
    "分解",
    "分解表",
    "任务表",
    "一览表",
)
_ISSUER_ENDINGS = ("局", "委", "厅", "部", "政府", "办公室", "办公厅", "委员会", "院", "中心", "公司", "署")


def read_meta(before: list[str], after: list[str]) -> PlanMeta:
    """What the paragraphs before the first task and after the last one say about the plan."""
    meta = PlanMeta()
    before = _without_chrome(before, meta)
    numbers = [squash(p) for p in before[:8] if _DOCUMENT_NUMBER.match(squash(p))]
    if numbers:
        meta.document_number = meta.document_number or numbers[0]
        before = [p for p in before if squash(p) != numbers[0]]
    addressee_index = _addressee_index(before)
    if addressee_index is not None:
        meta.addressees = squash(before[addressee_index]).rstrip("：:")
        lines = [squash(p) for p in before[:addressee_index]]
        # The issuer's letterhead above the title is not part of it: the title starts at 关于.
        first = next((i for i, line in enumerate(lines) if "关于" in line), 0)
        title = "".join(lines[first:])
        if title:
            meta.notice_title = title
    elif before and ("关于" in before[0] or before[0].endswith("通知")):
        meta.notice_title = squash(before[0])
    if meta.notice_title and "关于" in meta.notice_title:
        meta.issuer = meta.notice_title.split("关于", 1)[0] or None
    meta.title = _plan_title(before, meta.notice_title)
    if meta.title is None and meta.notice_title and "关于" in meta.notice_title:
        # A notice that is itself the plan (若干意见, 实施方案) is titled by its own name.
        meta.title = meta.notice_title
    for paragraph in after + before:
        text = squash(paragraph)
        if meta.cc is None and text.startswith(("抄送", "[image")) and "抄送" in text:
            meta.cc = text.split("抄送", 1)[1].lstrip("：:").rstrip("。.")
    meta.issue_date = _issue_date(after) or _issue_date(before) or meta.issue_date
    if meta.issuer is None:
        meta.issuer = _signature(before + after)
    meta.year = _year(meta)
    return meta


def _without_chrome(before: list[str], meta: PlanMeta) -> list[str]:
    """The paragraphs without a web page's labelled lines and repeats; the 文号 and issuer they name."""
    kept: list[str] = []
    for paragraph in before:
        text = squash(paragraph)
        labelled = _LABELLED.match(text)
        if labelled is not None:
            if labelled.group(1) in ("文号", "发文字号"):
                meta.document_number = meta.document_number or labelled.group(2)
            elif labelled.group(1).endswith("日期"):
                meta.issue_date = meta.issue_date or _date_in(labelled.group(2))
            elif _signature([labelled.group(2)]):
                meta.issuer = meta.issuer or labelled.group(2)
        if _CHROME.match(text) or "»" in text or " > " in paragraph:
            continue
        if kept and squash(kept[-1]) == text:
            # A page that shows the title twice (the page's heading, then the document's).
            continue
        kept.append(paragraph)
    return kept


def _date_in(text: str) -> dt.date | None:
    match = _ISO_DATE.search(text) or _DATE.search(to_halfwidth_digits(text))
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
    except ValueError:
        return None


def _addressee_index(paragraphs: list[str]) -> int | None:
    for index, paragraph in enumerate(paragraphs[:8]):
        text = squash(paragraph)
        if text.endswith(("：", ":")) and 2 < len(text) <= 80 and not text.startswith(("附件", "抄送")):
            return index
    return None


def _plan_title(before: list[str], notice_title: str | None) -> str | None:
    # The attachment's own title line, right before the tasks, names the plan best.
    for paragraph in reversed(before):
        text = squash(paragraph)
        if text.startswith("附件"):
            text = text[2:].lstrip("：:0123456789")
        if 4 <= len(text) <= 60 and text.endswith(_PLAN_WORDS) and not text.endswith("通知"):
            return text
    for paragraph in before:
        match = re.search(r"《([^》]+)》", paragraph)
        if match and match.group(1).endswith(_PLAN_WORDS):
            return squash(match.group(1))
    if notice_title:
        match = re.search(r"关于印发(.+?)的通知", notice_title)
        if match:
            return match.group(1).strip("《》")
    return None


def _issue_date(paragraphs: list[str]) -> dt.date | None:
    dated: list[tuple[bool, dt.date]] = []
    for paragraph in paragraphs:
        text = to_halfwidth_digits(paragraph)
        for match in _DATE.finditer(text):
            try:
                date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            standalone = len(squash(text)) <= 40
            dated.append(("印发" in text[match.end() :] or standalone, date))
    preferred = [date for ok, date in dated if ok]
    return preferred[-1] if preferred else None


def _signature(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs:
        text = squash(paragraph)
        if 4 <= len(text) <= 20 and text.endswith(_ISSUER_ENDINGS) and not text.startswith(("附件", "抄送")):
            return text
    return None


def _year(meta: PlanMeta) -> int | None:
    for text in (meta.title, meta.notice_title):
        match = re.search(r"((?:19|20)\d{2})\s*年", text or "")
        if match:
            return int(match.group(1))
    return meta.issue_date.year if meta.issue_date else None
