"""Small text helpers shared by the readers and the recognisers."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A line break between two CJK characters (or CJK punctuation) is a wrap, not a space.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}\u3000-\u303f\uff00-\uffef])\s+(?=[{_CJK}\u3000-\u303f\uff00-\uffef])")


def squash(text: str) -> str:
    """Remove every kind of white space, for comparing headers and names."""
    return _SPACES.sub("", text)


def normalise(text: str) -> str:
    """Unify the invisible differences between documents: line ends, odd spaces, compatibility forms."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\u00a0", " ")
    return text.replace("\ufeff", "").replace("\u200b", "")


def lines_of(text: str) -> list[str]:
    """The text's non-blank lines, each stripped."""
    return [stripped for line in text.split("\n") if (stripped := line.strip())]


def tidy_lines(text: str) -> str:
    """A cell's text with blank lines dropped and each line stripped, its line breaks kept."""
    text = text.strip()
    return "\n".join(lines_of(text)) if "\n" in text else text


def join_lines(text: str) -> str:
    """Join a wrapped cell or paragraph into one line: no space between CJK, one space elsewhere."""
    if "\n" not in text and " " not in text:
        return text.strip()
    joined = " ".join(lines_of(text))
    return _CJK_GAP.sub("", joined).strip()


_HALFWIDTH = str.maketrans(
    {
        chr(code): unicodedata.normalize("NFKC", chr(code))
        for code in range(0xFF01, 0xFF5F)
        if chr(code).isalnum()
    }
)


_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def to_halfwidth_digits(text: str) -> str:
    """Full-width digits and letters become ASCII, one character for one, so ０１２ and 012 read alike."""
    return text.translate(_HALFWIDTH) if _FULLWIDTH.search(text) else text


CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 99 (一, 十, 十二, 二十三), or None."""
    if not text or any(ch not in CHINESE_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)
