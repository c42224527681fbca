"""Text clean-up shared by every reader and by label matching.

Two levels: ``clean_text`` repairs what a reader got from a file (Kangxi and
CJK-supplement radicals that PDF fonts emit instead of the ideographs,
compatibility ideographs, odd spaces) without changing its meaning;
``label_key`` folds a label to the form labels are matched in (NFKC, no
whitespace, one style of brackets, quotes and list marks).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK Radicals Supplement (U+2E80-U+2EFF) code points, mapped to the unified ideograph a reader means
# (Chromium/WPS PDFs emit them). NFKC leaves them alone but U+2E9F and U+2EF3, which it maps the same way.
RADICALS_SUPPLEMENT: dict[str, str] = {
    "\u2e80": "丷", "\u2e81": "厂", "\u2e82": "乛", "\u2e83": "乚", "\u2e84": "乙", "\u2e85": "亻",
    "\u2e86": "冂", "\u2e87": "几", "\u2e88": "刀", "\u2e89": "刂", "\u2e8a": "卜", "\u2e8b": "㔾",
    "\u2e8c": "小", "\u2e8d": "小", "\u2e8e": "尢", "\u2e8f": "尣", "\u2e90": "尢", "\u2e91": "尣",
    "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彑", "\u2e95": "彐", "\u2e96": "忄", "\u2e97": "心",
    "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "旡", "\u2e9c": "日", "\u2e9d": "月", "\u2e9e": "歺",
    "\u2e9f": "母", "\u2ea0": "民", "\u2ea1": "氵", "\u2ea2": "氺", "\u2ea3": "灬", "\u2ea4": "爫",
    "\u2ea5": "爫", "\u2ea6": "丬", "\u2ea7": "牛", "\u2ea8": "犭", "\u2ea9": "王", "\u2eaa": "疋",
    "\u2eab": "目", "\u2eac": "示", "\u2ead": "礻", "\u2eae": "竹", "\u2eaf": "糹", "\u2eb0": "纟",
    "\u2eb1": "罒", "\u2eb2": "罒", "\u2eb3": "罒", "\u2eb4": "罒", "\u2eb5": "罒", "\u2eb6": "羊",
    "\u2eb7": "羊", "\u2eb8": "羊", "\u2eb9": "老", "\u2eba": "肀", "\u2ebb": "肀", "\u2ebc": "月",
    "\u2ebd": "臼", "\u2ebe": "艹", "\u2ebf": "艹", "\u2ec0": "艹", "\u2ec1": "虎", "\u2ec2": "衤",
    "\u2ec3": "西", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec7": "角", "\u2ec8": "讠",
    "\u2ec9": "贝", "\u2eca": "足", "\u2ecb": "车", "\u2ecc": "辶", "\u2ecd": "辶", "\u2ece": "辶",
    "\u2ecf": "阝", "\u2ed0": "钅", "\u2ed1": "长", "\u2ed2": "长", "\u2ed3": "长", "\u2ed4": "门",
    "\u2ed5": "阜", "\u2ed6": "阝", "\u2ed7": "雨", "\u2ed8": "青", "\u2ed9": "韦", "\u2eda": "页",
    "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2ede": "饣", "\u2edf": "饣", "\u2ee0": "饣",
    "\u2ee1": "首", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟",
    "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉", "\u2eec": "齐",
    "\u2eed": "歯", "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙", "\u2ef1": "龜", "\u2ef2": "亀",
    "\u2ef3": "龟",
}
_SUPPLEMENT_TABLE = str.maketrans(RADICALS_SUPPLEMENT)
_SUPPLEMENT_RE = re.compile("[\u2e80-\u2eff]")

_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u3000\ufeff]")


def clean_text(s: str) -> str:
    """Repair reader output: radicals to ideographs, compatibility forms, exotic spaces.

    NFKC maps the Kangxi radicals (U+2F00-U+2FD5) and CJK compatibility
    ideographs to unified ideographs and full-width ASCII to ASCII; the
    supplement table covers the radicals NFKC leaves alone.
    """
    if not s.isprintable():  # every character _SPACES takes is a non-printable one (Zs or Cf)
        s = _SPACES.sub(" ", s)
    if unicodedata.is_normalized("NFKC", s):  # the radicals' ideographs are normalized too
        return s.translate(_SUPPLEMENT_TABLE) if _SUPPLEMENT_RE.search(s) else s
    # Full-width punctuation makes most report text "not normalized", and NFKC proper is
    # slow. Mapping each character to its own NFKC form first is exact: NFKC(a + b) ==
    # NFKC(NFKC(a) + NFKC(b)), so NFKC(s) == NFKC(s with each character replaced by its NFKC
    # form), and that is the replaced string itself whenever it is already normalized. A
    # radical NFKC leaves alone is mapped in the same pass (its ideograph is normalized).
    for ch, form in _COMMON_COMPAT:  # the usual ones by str.replace: the regex below calls back per character
        if ch in s:
            s = s.replace(ch, form)
    s = _COMPAT_RE.sub(_compat_char, s)
    return s if unicodedata.is_normalized("NFKC", s) else unicodedata.normalize("NFKC", s)


def _nfkc_chars(*ranges: tuple[int, int]) -> dict[str, str]:
    """Each character of these blocks whose NFKC form differs, mapped to that form."""
    return {chr(cp): n for a, b in ranges for cp in range(a, b)
            if (n := unicodedata.normalize("NFKC", chr(cp))) != chr(cp)}


# The blocks report text draws its compatibility characters from: Latin-1 and general
# punctuation, number forms, circled numbers, Kangxi radicals, CJK symbols, enclosed and
# compatibility CJK, vertical/small/full- and half-width forms (a character outside them
# is still normalized, by unicodedata.normalize).
_NFKC_CHAR = _nfkc_chars((0xA0, 0x100), (0x2000, 0x2100), (0x2150, 0x2190), (0x2460, 0x2500), (0x2F00, 0x2FE0),
                         (0x3000, 0x3100), (0x3200, 0x3400), (0xF900, 0xFB00), (0xFE10, 0xFE70), (0xFF00, 0xFFF0))
_CHAR_FORM = {**_NFKC_CHAR, **RADICALS_SUPPLEMENT}  # disjoint: _NFKC_CHAR's blocks skip U+2E80-U+2EFF
_COMPAT_RE = re.compile("[" + "".join(map(re.escape, _CHAR_FORM)) + "]")


# Full-width punctuation of Chinese prose: most of the compatibility characters a report holds.
_COMMON_COMPAT = tuple((ch, _NFKC_CHAR[ch]) for ch in "，：（）；！？％")


def _compat_char(m: re.Match[str]) -> str:
    return _CHAR_FORM[m.group()]


# Folding for matching only (never for output).
_FOLD = str.maketrans({
    "(": "（", ")": "）", "[": "（", "]": "）", "【": "（", "】": "）",
    "\"": "“", "'": "“", "”": "“", "「": "“", "」": "“", "『": "“", "』": "“", "‘": "“", "’": "“",
    "．": ".", "、": ".", "，": ",", "：": ":", "；": ";",
})
_WS = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def label_key(s: str) -> str:
    """Fold a label for matching: clean, drop whitespace, unify brackets/quotes/list marks."""
    s = clean_text(s)
    s = _WS.sub("", s)
    return s.translate(_FOLD)


def fold_char(ch: str) -> str:
    """``label_key`` for one character of a stream ('' for whitespace)."""
    if ch.isspace():
        return ""
    c = clean_text(ch)
    return c.translate(_FOLD) if len(c) == 1 else c.translate(_FOLD)


def fold_text(s: str) -> str | None:
    """``fold_char`` over a whole string when folding keeps one character per character
    (whitespace stays, as spaces); None when it does not (the caller goes char by char).

    Short strings (cells, labels: the same few hundred in every report) are remembered."""
    return _fold_short(s) if len(s) <= 64 else _fold(s)


def _fold(s: str) -> str | None:
    c = clean_text(s)
    if len(c) != len(s):
        return None
    return c.translate(_FOLD)


def join_lines(lines: list[str]) -> str:
    """A label wrapped over lines as one: CJK and digits join directly, Latin words with a space."""
    out = ""
    for t in lines:
        t = t.strip()
        if not t:
            continue
        if out and _latin(out[-1]) and _latin(t[0]):
            out += " "
        out += t
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


_fold_short = lru_cache(maxsize=65536)(_fold)
