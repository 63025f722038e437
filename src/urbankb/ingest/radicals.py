"""Radical code points back to the ideographs they stand for.

Some PDF fonts map their glyphs to the CJK radical blocks instead of the
unified ideographs (``⽣⻓`` for 生长); pdfminer.six passes them on, so both
the PDF reader and text extracted by pdfminer carry them.  Source of the
supplement table: the Unicode Character Database (below).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc

from ..han import HAN

#: CJK Radicals Supplement (U+2E80–U+2EFF) → equivalent unified ideograph, from the Unicode
#: Character Database file EquivalentUnifiedIdeograph.txt (version 14.0.0, by Ken Lunde;
#: © Unicode, Inc., Unicode License: https://www.unicode.org/license.txt), the 2E81–2EF3
#: lines with ranges expanded.  U+2E80 and U+2E9A have no equivalent there and are kept.
#: Kangxi Radicals (U+2F00–U+2FDF) need no table: NFKC maps each of them.
_SUPPLEMENT = (
    "2E81 5382 2E82 4E5B 2E83 4E5A 2E84 4E59 2E85 4EBB 2E86 5182 2E87 20628 2E88 5200 2E89 5202 2E8A 535C "
    "2E8B 353E 2E8C 5C0F 2E8D 5C0F 2E8E 5140 2E8F 5C23 2E90 5C22 2E91 21BC2 2E92 5DF3 2E93 5E7A 2E94 5F51 "
    "2E95 5F50 2E96 5FC4 2E97 5FC3 2E98 624C 2E99 6535 2E9B 65E1 2E9C 65E5 2E9D 6708 2E9E 6B7A 2E9F 6BCD "
    "2EA0 6C11 2EA1 6C35 2EA2 6C3A 2EA3 706C 2EA4 722B 2EA5 722B 2EA6 4E2C 2EA7 725B 2EA8 72AD 2EA9 738B "
    "2EAA 24D14 2EAB 76EE 2EAC 793A 2EAD 793B 2EAE 25AD7 2EAF 7CF9 2EB0 7E9F 2EB1 7F53 2EB2 7F52 2EB3 34C1 "
    "2EB4 5197 2EB5 2626B 2EB6 7F8A 2EB7 2634C 2EB8 2634B 2EB9 8002 2EBA 8080 2EBB 807F 2EBC 8089 2EBD 26951 "
    "2EBE 8279 2EBF 8279 2EC0 8279 2EC1 864E 2EC2 8864 2EC3 8980 2EC4 897F 2EC5 89C1 2EC6 89D2 2EC7 278B2 "
    "2EC8 8BA0 2EC9 8D1D 2ECA 27FB7 2ECB 8F66 2ECC 8FB6 2ECD 8FB6 2ECE 8FB6 2ECF 9091 2ED0 9485 2ED1 9577 "
    "2ED2 9578 2ED3 957F 2ED4 95E8 2ED5 28E0F 2ED6 961D 2ED7 96E8 2ED8 9752 2ED9 97E6 2EDA 9875 2EDB 98CE "
    "2EDC 98DE 2EDD 98DF 2EDE 2967F 2EDF 98E0 2EE0 9963 2EE1 29810 2EE2 9A6C 2EE3 9AA8 2EE4 9B3C 2EE5 9C7C "
    "2EE6 9E1F 2EE7 5364 2EE8 9EA6 2EE9 9EC4 2EEA 9EFE 2EEB 6589 2EEC 9F50 2EED 6B6F 2EEE 9F7F 2EEF 7ADC "
    "2EF0 9F99 2EF1 9F9C 2EF2 4E80 2EF3 9F9F"
)
_PAIRS = _SUPPLEMENT.split()
_RADICALS: dict[int, str] = {int(a, 16): chr(int(b, 16)) for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)}
_RADICALS.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})
RADICAL_RE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@functools.cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def is_simplified(text: str) -> bool:
    """Whether the Han characters of ``text`` are simplified rather than traditional Chinese:
    more distinct characters that OpenCC ``s2t`` changes than ones ``t2s`` changes."""
    chars = set(HAN.findall(text))
    s2t, t2s = _opencc("s2t"), _opencc("t2s")
    return sum(s2t.convert(c) != c for c in chars) >= sum(t2s.convert(c) != c for c in chars)


def script_leaning(text: str) -> bool | None:
    """True for simplified, False for traditional Chinese, None when ``text`` gives no sign (see :func:`is_simplified`)."""
    chars = set(HAN.findall(text))
    s2t, t2s = _opencc("s2t"), _opencc("t2s")
    simple, traditional = sum(s2t.convert(c) != c for c in chars), sum(t2s.convert(c) != c for c in chars)
    return None if simple == traditional else simple > traditional


def unify_radicals_by_paragraph(paragraphs: list[str]) -> list[str]:
    """:func:`unify_radicals` of each paragraph, simplified or traditional as the paragraph itself leans
    (a file may hold articles in both scripts); a paragraph that gives no sign follows the whole file."""
    whole = is_simplified(RADICAL_RE.sub("", "".join(paragraphs)))
    out = []
    for text in paragraphs:
        if not RADICAL_RE.search(text):
            out.append(text)
            continue
        leaning = script_leaning(RADICAL_RE.sub("", text))
        out.append(unify_radicals(text, whole if leaning is None else leaning))
    return out


def unify_radicals(text: str, simplified: bool = False) -> str:
    """``text`` with CJK radical code points (U+2E80–U+2EFF, U+2F00–U+2FDF) replaced by their unified ideographs.

    The equivalents of Kangxi radicals are traditional forms (⼾ → 戶); a simplified-Chinese
    font draws the simplified character with the same glyph, so with ``simplified`` the
    replacement goes through OpenCC ``t2s`` (⼾ → 户).  Nothing outside those two blocks
    changes (full-width punctuation stays as it is).

    >>> unify_radicals("⽣⻓，⼾"), unify_radicals("⼾", simplified=True)
    ('生长，戶', '户')
    """

    def one(m: re.Match[str]) -> str:
        unified = _RADICALS.get(ord(m.group()), m.group())
        return _opencc("t2s").convert(unified) if simplified and unified != m.group() else unified

    return RADICAL_RE.sub(one, text)
