"""clean_text: reader output repaired exactly as NFKC after the radicals table and the odd spaces."""

from __future__ import annotations

import unicodedata

from extractor.textnorm import _SPACES, RADICALS_SUPPLEMENT, clean_text

_TABLE = str.maketrans(RADICALS_SUPPLEMENT)


def reference(s: str) -> str:
    """What clean_text promises, written the slow way."""
    return unicodedata.normalize("NFKC", _SPACES.sub(" ", s).translate(_TABLE))


def test_examples():
    assert clean_text("⺠政局（一）：１２％") == "民政局(一):12%"  # a supplement radical, full-width forms
    assert clean_text("⽇期\u3000２０２２") == "日期 2022"  # a Kangxi radical (NFKC's), an ideographic space
    assert clean_text("申请人情况") == "申请人情况"


def test_every_character_of_the_blocks_report_text_uses_alone_and_in_prose():
    """Each character of the blocks clean_text maps (and around them), alone, in normalized text and in text
    that full-width punctuation makes unnormalized (the two paths clean_text takes)."""
    ranges = [(0x00, 0x3400), (0x4E00, 0x4E40), (0xF900, 0x10000)]
    for cp in (cp for a, b in ranges for cp in range(a, b)):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for s in (c, "政府" + c + "信息", "公开，" + c + "（二）" + c):
            assert clean_text(s) == reference(s), hex(cp)
