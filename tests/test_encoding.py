"""encoding.to_utf8 and encoding.is_utf8 against the plain whole-page functions.

``to_utf8(data, source, declared)`` promises ``decode``'s choice and
``decode(...)[0].encode("utf-8")``'s bytes, with a UTF-8 page returned as the
very same object. ``is_utf8(data)`` promises ``data.decode("utf-8")``
succeeds. Every test compares against those references and against the text
the input was built from; inputs put multi-byte characters across the 16 KB
offsets (``_AT``) where to_utf8 cut pages until session 5, and pages of 64 KB
and more take the stretches path.
"""

from __future__ import annotations

import codecs
import functools
import random

import pytest

from extractor.encoding import _STRETCHES_FROM, _cjk_stretches, _recoded, decode, is_utf8, to_utf8
from extractor.model import ReadError

_AT = 16384  # an offset characters are put across (to_utf8 once read pages in slices of this size)


def reference(data: bytes, declared: str | None = None) -> tuple[bytes, str]:
    """What to_utf8 must equal: decode's text as UTF-8, and decode's encoding."""
    text, enc = decode(data, "t", declared)
    return text.encode("utf-8"), enc


def outcome(fn, *args):
    """("ok", value) or ("raises", exception type), so raising paths compare too."""
    try:
        return "ok", fn(*args)
    except Exception as e:  # noqa: BLE001 - the type is the thing compared
        return "raises", type(e)


def decodes_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ------------------------------------------------------------------ UTF-8 comes back as it is
@pytest.mark.parametrize("declared", [None, "gbk", "big5", "bogus"])
@pytest.mark.parametrize("repeat", [0, 1, 3000])  # empty, one line, ~130 KB
def test_utf8_page_is_the_same_object(repeat, declared):
    data = ("<p>政府信息公开工作年度报告𠀀镕</p>\n" * repeat).encode("utf-8")
    assert is_utf8(data)
    out, enc = to_utf8(data, "t", declared)
    assert out is data
    assert enc == "utf-8"
    assert (out, enc) == reference(data, declared)


# ------------------------------------------------------------------ GBK / GB18030
GB_TEXT = "<p>朱镕基 𠀀 政府信息公开 2023年</p>"  # 镕: GBK, not GB2312; 𠀀: a GB18030 4-byte code


def test_gb_text_is_outside_gb2312():
    """The fixture means what it claims: 镕 and 𠀀 are not in GB2312, 𠀀 takes four bytes."""
    with pytest.raises(UnicodeEncodeError):
        "镕".encode("gb2312")
    with pytest.raises(UnicodeEncodeError):
        "𠀀".encode("gbk")
    assert len("𠀀".encode("gb18030")) == 4
    assert len("镕".encode("gb18030")) == 2


@pytest.mark.parametrize("declared", [None, "gbk", "gb2312", "GBK", "x-gbk", "cp936", "gb18030"])
@pytest.mark.parametrize("repeat", [1, 2000])  # one line; ~70 KB
def test_gb18030_page(declared, repeat):
    text = GB_TEXT * repeat
    data = text.encode("gb18030")
    assert not is_utf8(data)
    expected = (text.encode("utf-8"), "gb18030")
    assert reference(data, declared) == expected
    assert to_utf8(data, "t", declared) == expected


# ------------------------------------------------------------------ characters across a 16 KB offset
STRADDLERS = [
    # (character, its encoding, the encoding decode picks, declared)
    ("中", "gb18030", "gb18030", None),  # 2 bytes d6 d0
    ("镕", "gb18030", "gb18030", "gbk"),  # 2 bytes e9 46, outside GB2312
    ("𠀀", "gb18030", "gb18030", "gb2312"),  # 4 bytes 95 32 82 36
    ("中", "utf-8", "utf-8", None),  # 3 bytes
    ("𠀀", "utf-8", "utf-8", "gbk"),  # 4 bytes
    ("報", "big5", "big5", "big5"),  # 2 bytes b3 f8
]


@pytest.mark.parametrize("boundary", [_AT, 2 * _AT])
@pytest.mark.parametrize("back", [4, 3, 2, 1, 0])  # the character starts this many bytes before the boundary
@pytest.mark.parametrize(("char", "codec", "expected_enc", "declared"), STRADDLERS)
def test_character_across_an_offset(char, codec, expected_enc, declared, back, boundary):
    start = boundary - back
    text = "a" * start + char + "z" * 10
    data = text.encode(codec)
    assert data[start:start + len(char.encode(codec))] == char.encode(codec)
    expected = (text.encode("utf-8"), expected_enc)
    assert reference(data, declared) == expected
    out = to_utf8(data, "t", declared)
    assert out == expected
    assert is_utf8(data) == (expected_enc == "utf-8")
    if expected_enc == "utf-8":
        assert out[0] is data


@pytest.mark.parametrize("shift", [0, 1, 2, 3])
@pytest.mark.parametrize(("char", "codec", "declared"), [
    ("𠀀", "gb18030", None), ("镕", "gb18030", "gbk"), ("報", "big5", "big5"), ("中", "utf-8", None),
])
def test_many_offsets_every_one_splits_a_character(char, codec, declared, shift):
    """40-80 KB of one multi-byte character after ``shift`` ASCII bytes: each boundary cuts it somewhere."""
    text = "x" * shift + char * 20000 + "end"
    data = text.encode(codec)
    assert len(data) > 2 * _AT
    expected = (text.encode("utf-8"), "utf-8" if codec == "utf-8" else codec)
    assert reference(data, declared) == expected
    assert to_utf8(data, "t", declared) == expected


def test_utf16le_surrogate_pair_across_boundary():
    """A declared utf-16-le page (no BOM) with a surrogate pair across the offset."""
    text = "a" * (_AT // 2 - 1) + "𠀀" + "政府" * 10000
    data = text.encode("utf-16-le")
    assert data[_AT - 2:_AT + 2] == "𠀀".encode("utf-16-le")
    expected = (text.encode("utf-8"), "utf-16-le")
    assert reference(data, "utf-16-le") == expected
    assert to_utf8(data, "t", "utf-16-le") == expected


def test_unicode_escape_escape_across_the_offset():
    """A declared unicode_escape page: an escape across the offset is kept
    (the 0xff keeps UTF-8 out)."""
    data = b"\xff" + b"a" * (_AT - 4) + b"\\u4e2d\\x41" + b"b" * 100
    assert data.find(b"\\u4e2d") == _AT - 3
    expected = (("\xff" + "a" * (_AT - 4) + "中A" + "b" * 100).encode("utf-8"), "unicode_escape")
    assert reference(data, "unicode_escape") == expected
    assert to_utf8(data, "t", "unicode_escape") == expected


# ------------------------------------------------------------------ is_utf8
IS_UTF8_CASES = [
    b"",
    b"plain ascii",
    "中文".encode(),
    b"a" * 40000 + b"\xff" + b"a" * 100,  # first bad byte past two offsets
    "中".encode() * 13333 + b"\x80" + "文".encode() * 10,  # a stray continuation byte at offset 39999
    "中文".encode() * 10000 + "中".encode()[:2],  # truncated at the very end
    b"a" * (2 * _AT - 2) + b"\xe4\xb8",  # truncated, ending exactly at an offset
    b"a" * (_AT - 1) + b"\xe4\xb8\xad" + b"a" * 10,  # valid, straddling
    b"a" * (_AT - 1) + b"\xe4\xb8" + b"a" * 10,  # invalid, straddling
    b"a" * (_AT - 2) + b"\xf0\xa0\x80\x80",  # valid 4-byte, straddling, at the end
    b"a" * (_AT - 2) + b"\xf0\xa0\x80",  # 4-byte cut short at the end, straddling
    b"\xed\xa0\x80",  # an encoded surrogate: not strict UTF-8
    b"\xc0\xaf",  # overlong
    b"\xf8\x88\x80\x80\x80",  # 5-byte form
    codecs.BOM_UTF8 + "中".encode(),
    "中".encode("gb18030"),
]


@pytest.mark.parametrize("data", IS_UTF8_CASES, ids=range(len(IS_UTF8_CASES)))
def test_is_utf8_matches_strict_decode(data):
    assert is_utf8(data) is decodes_as_utf8(data)


def test_is_utf8_values():
    """The expected answers, spelled out (so the parametrized test is not comparing two wrong things)."""
    answers = [is_utf8(d) for d in IS_UTF8_CASES]
    assert answers == [True, True, True, False, False, False, False, True, False, True, False, False, False,
                       False, True, False]


def test_late_bad_byte_falls_through_to_gb18030():
    """UTF-8 until offset 40000, then a GB18030 character: the page is GB18030, not UTF-8."""
    text = "a" * 40000 + "镕" + "b" * 10
    data = text.encode("gb18030")
    assert not is_utf8(data)
    expected = (text.encode("utf-8"), "gb18030")
    assert reference(data) == expected
    assert to_utf8(data) == expected


def test_truncated_gb_at_end_is_same_as_decode():
    data = "政府".encode("gb18030") * 20000 + b"\xd5"  # a lone lead byte at the very end
    assert not is_utf8(data)
    assert outcome(to_utf8, data, "t", None) == outcome(reference, data, None)


# ------------------------------------------------------------------ BOMs
BOM_CASES = [
    (codecs.BOM_UTF8 + "中文报告".encode(), "中文报告", "utf-8"),
    (codecs.BOM_UTF16_LE + "中文𠀀报告".encode("utf-16-le"), "中文𠀀报告", "utf-16"),
    (codecs.BOM_UTF16_BE + "中文𠀀报告".encode("utf-16-be"), "中文𠀀报告", "utf-16"),
    (codecs.BOM_UTF16_LE + ("政府" * 20000).encode("utf-16-le"), "政府" * 20000, "utf-16"),
]


@pytest.mark.parametrize("declared", [None, "gbk", "big5"])
@pytest.mark.parametrize(("data", "text", "enc"), BOM_CASES, ids=["utf8-bom", "utf16le", "utf16be", "utf16le-long"])
def test_bom(data, text, enc, declared):
    """A BOM wins over any declaration; the BOM itself is not in the text."""
    expected = (text.encode("utf-8"), enc)
    assert reference(data, declared) == expected
    out = to_utf8(data, "t", declared)
    assert out == expected
    assert out[0] is not data


def test_bom_with_undecodable_rest_raises_like_decode():
    data = codecs.BOM_UTF16_LE + b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(UnicodeDecodeError):
        decode(data, "t")
    with pytest.raises(UnicodeDecodeError):
        to_utf8(data, "t")


# ------------------------------------------------------------------ declared charsets
BIG5_TEXT = "<p>政府資訊公開年度報告，依申請公開 12 件</p>\n"


@pytest.mark.parametrize("repeat", [1, 1500])  # one line; ~55 KB
def test_declared_big5_page(repeat):
    text = BIG5_TEXT * repeat
    data = text.encode("big5")
    expected = (text.encode("utf-8"), "big5")
    assert reference(data, "big5") == expected
    assert reference(data, "BIG5") == expected
    assert to_utf8(data, "t", "big5") == expected
    assert to_utf8(data, "t", "BIG5") == expected
    # undeclared, these bytes are valid GB18030 too, which comes before Big5: to_utf8 follows
    assert to_utf8(data, "t", None) == reference(data, None)
    assert to_utf8(data, "t", None)[1] == "gb18030"


@pytest.mark.parametrize("declared", ["bogus", "", "utf-8", "x-unknown-charset"])
def test_unknown_or_unhelpful_declaration_falls_through(declared):
    text = GB_TEXT * 600
    data = text.encode("gb18030")
    expected = (text.encode("utf-8"), "gb18030")
    assert reference(data, declared) == expected
    assert to_utf8(data, "t", declared) == expected


def test_bogus_declaration_on_undecodable_bytes_raises_read_error():
    data = ("中文".encode() + "政府".encode("gb18030") + b"\xff") * 20  # UTF-8 and GBK mixed, stray 0xff
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8))
    assert outcome(reference, data, "bogus") == ("raises", ReadError)
    with pytest.raises(ReadError):
        to_utf8(data, "t", "bogus")


# ------------------------------------------------------------------ text UTF-8 cannot hold
def test_utf7_lone_surrogate_never_reaches_utf7():
    """utf-7 input is ASCII, so UTF-8 (tried first) always takes it; with a non-ASCII byte utf-7 fails."""
    assert b"+2AA-".decode("utf-7") == "\ud800"
    out = to_utf8(b"+2AA-", "t", "utf-7")
    assert out == (b"+2AA-", "utf-8") == reference(b"+2AA-", "utf-7")
    with pytest.raises(UnicodeDecodeError):
        b"+2AA-\xff".decode("utf-7")
    assert outcome(to_utf8, b"+2AA-\xff", "t", "utf-7") == ("raises", ReadError)
    assert outcome(reference, b"+2AA-\xff", "utf-7") == ("raises", ReadError)


@pytest.mark.parametrize("declared", ["unicode_escape", "raw_unicode_escape"])
def test_lone_surrogate_raises_unicode_encode_error(declared):
    """A declared codec whose text holds a lone surrogate: decode gives it, its UTF-8 form does not exist."""
    data = b"\\ud800\xff"  # the 0xff keeps UTF-8 out
    assert decode(data, "t", declared) == ("\ud800\xff", declared)
    with pytest.raises(UnicodeEncodeError):
        reference(data, declared)
    with pytest.raises(UnicodeEncodeError):
        to_utf8(data, "t", declared)


# ------------------------------------------------------------------ codecs read whole, as decode reads them
# An incremental utf-16/utf-32 decoder wants a BOM where bytes.decode reads BOM-less data as little-endian
# (or, odd length, fails so decode moves on to GB18030).
@pytest.mark.parametrize(("data", "declared", "decoded"), [
    ("中文abc".encode("utf-16-le"), "utf-16", ("中文abc", "utf-16")),
    ("中文abc".encode("utf-32-le"), "utf-32", ("中文abc", "utf-32")),
    ("中文a".encode("gb18030"), "utf-16", ("中文a", "gb18030")),  # odd length: utf-16 fails, GB18030 reads it
], ids=["utf16-nobom", "utf32-nobom", "gb-declared-utf16"])
def test_declared_utf16_without_bom(data, declared, decoded):
    assert decode(data, "t", declared) == decoded
    assert outcome(to_utf8, data, "t", declared) == ("ok", (decoded[0].encode("utf-8"), decoded[1]))


# A declared bytes-to-bytes codec name (hex, base64, quopri, zlib, bz2, uu, rot13: all matched by the
# charset patterns): bytes.decode raises LookupError, so decode skips it; codecs.getincrementaldecoder would
# find it and fail in its own ways.
@pytest.mark.parametrize("declared", ["hex", "base64", "quopri", "zlib", "bz2", "uu", "rot13"])
def test_declared_non_text_codec(declared):
    data = "中文".encode("gb18030")
    assert reference(data, declared) == ("中文".encode(), "gb18030")
    assert outcome(to_utf8, data, "t", declared) == ("ok", ("中文".encode(), "gb18030"))


# ------------------------------------------------------------------ property: random pages
_ASCII_POOL = "".join(random.Random(0).choice("abcdefghij <>/=\"'\n0123456789;:,.") for _ in range(4096))
_CJK = "中文政府信息公开工作年度报告镕朱𠀀𠀁𪚥龘"
_BIG5 = "政府資訊公開年度報告申請件數"
# decodable modes twice: pages nothing decodes go to the charset-normalizer detector (a few ms each)
_MODES = ["utf8", "gb", "big5", "mixed", "utf8", "gb", "big5", "gb+stray", "utf8+stray"]
_DECLARED = [None, None, "gbk", "gb2312", "big5", "utf-8", "bogus"]


@functools.cache
def _random_page(seed: int) -> tuple[bytes, str | None]:
    rng = random.Random(seed)
    mode = _MODES[seed % len(_MODES)]
    if mode == "mixed" or rng.random() < 0.25:  # mixed pages mostly end in the (slower) detector: keep them short
        size = rng.randrange(0, 2000)
    else:
        size = rng.randrange(_AT - 100, 3 * _AT)  # up to ~48 KB: across one to three offsets
    parts: list[bytes] = []
    n = 0
    while n < size:
        kind = rng.random()
        if kind < 0.4:
            i = rng.randrange(4000)
            piece = _ASCII_POOL[i:i + rng.randrange(1, 300)].encode()
        elif mode == "big5":
            piece = "".join(rng.choices(_BIG5, k=rng.randrange(1, 80))).encode("big5")
        else:
            chars = "".join(rng.choices(_CJK, k=rng.randrange(1, 80)))
            codec = {"utf8": "utf-8", "utf8+stray": "utf-8", "gb": "gb18030", "gb+stray": "gb18030"}.get(mode)
            piece = chars.encode(codec or rng.choice(["utf-8", "gb18030"]))
            if mode == "mixed" and rng.random() < 0.05:
                piece += bytes([rng.randrange(0x80, 0x100)])
        parts.append(piece)
        n += len(piece)
    data = b"".join(parts)
    if mode.endswith("+stray") and data:
        at = rng.randrange(len(data))
        data = data[:at] + bytes([rng.choice([0x80, 0xa0, 0xc3, 0xe4, 0xf0, 0xff])]) + data[at:]
    if rng.random() < 0.05:
        data = codecs.BOM_UTF8 + data
    declared = "big5" if mode == "big5" and rng.random() < 0.6 else rng.choice(_DECLARED)
    return data, declared


@functools.cache
def _expected(seed: int):
    data, declared = _random_page(seed)
    return outcome(reference, data, declared)


def _disagreement(seed: int) -> str | None:
    """None when to_utf8 and is_utf8 keep their contract on random page ``seed``, else what went wrong."""
    data, declared = _random_page(seed)
    got = outcome(to_utf8, data, "t", declared)
    want = _expected(seed)
    if got != want:
        return f"to_utf8 {got[0]} {got[1] if got[0] == 'raises' else got[1][1]!r}, decode gives {want!r:.200}"
    if got[0] == "raises":  # nothing decodes (a UTF-8 BOM on bytes that are not UTF-8: decode's own error)
        if got[1] is not (UnicodeDecodeError if data.startswith(codecs.BOM_UTF8) else ReadError):
            return f"raises {got[1].__name__}"
    elif got[1][1] == "utf-8" and not data.startswith(codecs.BOM_UTF8) and got[1][0] is not data:
        return "a UTF-8 page came back as a copy"
    if is_utf8(data) is not decodes_as_utf8(data):
        return f"is_utf8 says {is_utf8(data)}"
    return None


SEEDS, BATCH = 300, 25


@pytest.mark.parametrize("batch", range(SEEDS // BATCH))
def test_random_pages_agree_with_decode(batch):
    """300 seeded random pages (25 a test): to_utf8 == decode's text as UTF-8 and encoding, or the same error."""
    seeds = range(batch * BATCH, (batch + 1) * BATCH)
    bad = {seed: why for seed in seeds if (why := _disagreement(seed)) is not None}
    assert bad == {}, f"_random_page(seed) for these seeds: {bad}"


def _cuts_a_character(data: bytes, enc: str) -> bool:
    """Some offset falls inside a character of ``data`` read as ``enc``."""
    for b in range(_AT, len(data), _AT):
        try:
            data[:b].decode(enc)
        except UnicodeDecodeError:
            return True
    return False


def _first_bad_utf8_byte(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return None


def test_random_pages_cover_the_interesting_cases():
    """The generator really makes what the property test needs: every outcome, long pages, characters cut at offsets."""
    pages = [_random_page(seed) for seed in range(SEEDS)]
    results = [_expected(seed) for seed in range(SEEDS)]
    ok = [(data, r[1][1]) for (data, _), r in zip(pages, results, strict=True) if r[0] == "ok"]
    encodings = [enc for _, enc in ok]
    assert min(encodings.count("utf-8"), encodings.count("gb18030"), encodings.count("big5")) >= 15
    assert results.count(("raises", ReadError)) >= 30
    assert sum(len(data) > 2 * _AT for data, _ in pages) >= 60
    cut = [enc for data, enc in ok if not data.startswith(codecs.BOM_UTF8) and _cuts_a_character(data, enc)]
    assert min(cut.count("utf-8"), cut.count("gb18030"), cut.count("big5")) >= 5
    late = [bad for bad in map(_first_bad_utf8_byte, (data for data, _ in pages)) if bad is not None]
    assert sum(bad >= _AT for bad in late) >= 5  # not UTF-8, but only past the first offset


def test_declared_found_by_a_function_only_when_not_utf8():
    """``declared`` may be a function: asked only when the bytes are not UTF-8, same result as decode."""
    asked: list[str] = []

    def finder(name: str):
        return lambda: asked.append(name) or name

    utf8 = "政府信息公开".encode()
    assert to_utf8(utf8, "t", finder("gbk")) == (utf8, "utf-8")
    assert asked == []
    gb = "政府信息公开镕𠀀".encode("gb18030") * 3000  # 54 KB
    assert to_utf8(gb, "t", finder("gbk")) == reference(gb, "gbk") == ("政府信息公开镕𠀀".encode() * 3000, "gb18030")
    big5 = "政府資訊公開".encode("big5")
    assert to_utf8(big5, "t", finder("big5")) == reference(big5, "big5")
    assert asked == ["gbk", "big5"]


# ------------------------------------------------------------------ GB18030 / Big5: only the non-ASCII stretches through the codec
def _page(text: str, repeat: int = 600) -> str:
    """Markup with CJK in style attributes and text, like a Word "Save as Web Page" page (~70-80 KB by default)."""
    row = ("<p class=MsoNormal><span style='font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'>"
           f"{text}</span><span lang=EN-US>2023</span></p>\n")
    return row * repeat


@pytest.mark.parametrize(("codec", "text"), [
    ("gb18030", "政府信息公开年度报告"),
    ("gb18030", "朱镕基2023年𠀀12月"),  # 镕: an ASCII trail byte (e9 46); 𠀀: four bytes with digits (95 32 82 36)
    ("gb18030", "\x80·—€\uffff"),  # four-byte BMP codes at both ends of their range
    ("big5", "政府資訊公開年度報告"),
])
def test_large_page_recodes_stretch_by_stretch(codec, text):
    data = _page(text).encode(codec)
    assert len(data) >= _STRETCHES_FROM and not data.isascii()
    assert _cjk_stretches(data, codec) == data.decode(codec).encode("utf-8")  # the stretches path itself
    assert _recoded(data, codec) == _page(text).encode("utf-8")


@pytest.mark.parametrize("data", [
    "中文".encode("gb18030") * 20000,  # no ASCII at all: one stretch
    b"<p>" + "中".encode("gb18030") + b"\0" + b"x" * 70000,  # a NUL in a stretch: the codec whole, same text
    b"a" * 70000 + "镕".encode("gb18030") + "中".encode("gb18030"),  # ends in a stretch, an ASCII trail inside
    b"plain ascii " * 6000,
], ids=["all-cjk", "nul-in-stretch", "ends-in-stretch", "ascii"])
def test_large_page_same_as_whole_decode(data):
    assert len(data) >= _STRETCHES_FROM
    assert _recoded(data, "gb18030") == data.decode("gb18030").encode("utf-8")
    assert (_cjk_stretches(data, "gb18030") is None) is (b"\0" in data)  # a NUL: the usual way instead


GB_INVALID = [
    b"\x80",  # not a GB18030 byte
    b"\xff",
    b"\xd6",  # a lead byte, then the end
    b"\xd6<p>",  # a lead byte, then ASCII that is no trail
    b"\x81\x30",  # four-byte code cut after two bytes
    b"\x81\x30\x81",  # ... after three
    b"\x81\x30\x81<",  # its last byte not a digit
    b"\xd6\x00",  # NUL as a trail
]


@pytest.mark.parametrize("bad", GB_INVALID, ids=range(len(GB_INVALID)))
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_invalid_gb_is_none(bad, where):
    page = _page("政府信息").encode("gb18030")
    at = page.index(b"<", 20000)  # before a '<': no byte there completes a character
    data = {"start": bad + page, "middle": page[:at] + bad + page[at:], "end": page + bad}[where]
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    assert _recoded(data, "gb18030") is None
    if where != "middle":  # small: the stretches path called directly gives the same answer
        with pytest.raises(UnicodeDecodeError):
            _cjk_stretches(bad + b"<p>" if where == "start" else b"<p>" + bad, "gb18030")


def test_split_four_byte_code_is_not_repaired():
    """81 30 and 81 30 with ASCII between: the page does not decode, though the two halves joined do."""
    assert b"\x81\x30\x81\x30".decode("gb18030") == "\x80"
    data = b"<p>" * 25000 + b"\x81\x30" + b" " * 100 + b"\x81\x30" + b"</p>"
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    assert _recoded(data, "gb18030") is None
    data = b"<p>" * 25000 + b"\x81" + b"<" * 100 + b"\x30\x81\x30"  # a lead, then '<': no character, however joined
    assert _recoded(data, "gb18030") is None


@pytest.mark.parametrize(("data", "enc", "text"), [
    (b"", "gb18030", ""),
    (b"<p>abc</p>", "big5", "<p>abc</p>"),
    ("a中b".encode("gb18030"), "gb18030", "a中b"),
    ("镕".encode("gb18030") + b"x", "gb18030", "镕x"),  # e9 46 78
    ("𠀀".encode("gb18030"), "gb18030", "𠀀"),
    ("x報".encode("big5"), "big5", "x報"),
    ("報".encode("big5") + b"\0", "big5", "報\0"),  # a NUL in the stretch: None, decode it the usual way
])
def test_stretches_small_values(data, enc, text):
    assert data.decode(enc) == text
    out = _cjk_stretches(data, enc)
    assert out == text.encode("utf-8") or (out is None and "\0" in text)
