"""Printed numbers → Decimal, and unit detection.

Handles what real disclosures print: `1, 112. 44` (spaces inside), full-width digits and
punctuation, `-` / `—` / blank for zero-or-nothing, `(12.30)` and `-12.30` negatives,
`12.5%`, `¥`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from decimal import Decimal, InvalidOperation

_BLANKS = {"", "-", "—", "－", "–", "--", "——", "/", "／", "—-", "-—"}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SPACES = re.compile(r"\s+")


class _FormatChars(dict):
    """str.translate table: a Unicode Cf character → None (dropped), any other → itself.
    Filled as characters are met, so each is categorised once, not once per occurrence (this
    runs on every word of every page)."""

    def __missing__(self, cp: int) -> int | None:
        out = None if unicodedata.category(chr(cp)) == "Cf" else cp
        self[cp] = out
        return out


_FORMAT_CHARS = _FormatChars()


def strip_format_chars(text: str) -> str:
    """Drop invisible format characters (zero-width space, BOM, bidi marks — Unicode Cf):
    they are never part of what an auditor reads, but they break matching and parsing."""
    if text.isascii():
        return text
    return text.translate(_FORMAT_CHARS)


def normalize(text: str) -> str:
    """NFKC (full-width → half-width) and collapse whitespace; keeps Chinese as is."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)  # cells repeat ("", "-", "5", "100%" on every 绩效 form); Decimal is immutable
def parse_number(text: str | None) -> Decimal | None:
    """The amount printed in `text`, or None when it is blank or not a number.

    Blank markers (`-`, `—`) give None: whether an absent figure counts as zero is the
    check engine's decision, not the parser's.
    """
    if text is None:
        return None
    s = strip_format_chars(unicodedata.normalize("NFKC", text))
    s = _SPACES.sub("", s)
    if s in _BLANKS:
        return None
    s = s.lstrip("¥￥")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    negative = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":
        negative, s = True, s[1:-1]
        if not percent and s.endswith("%"):  # "(5.66%)": a fall printed in parentheses
            percent, s = True, s[:-1]
    s = s.replace("−", "-").replace("–", "-").replace("，", ",").replace("。", ".")
    if s.startswith("-") or s.startswith("+"):
        negative, s = negative ^ (s[0] == "-"), s[1:]
    if s.count(",") and not _NUMBER.match(s):
        # "1,112.44" split oddly ("1, 112. 44" is fine after space removal); a comma used as
        # a decimal point ("12,5") is not a thing in these documents: reject.
        return None
    if not _NUMBER.match(s):
        return None
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex guards this
        return None
    return -value if negative else value


def is_percent(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().endswith("%")


_UNIT = re.compile(r"(?:金额)?单位\s*[:：]?\s*(万元|亿元|千元|元|万)")


def find_unit(text: str) -> str | None:
    """`金额单位：万元` / `单位:元` → "万元" / "元"."""
    m = _UNIT.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
    if not m:
        return None
    # "单位：万" with "元" wrapped onto the next line
    return "万元" if m.group(1) == "万" else m.group(1)


UNIT_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def to_wan(value: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in `unit` to 万元 (None unit = already 万元)."""
    if unit is None or unit == "万元":
        return value
    return value * UNIT_FACTOR[unit] / UNIT_FACTOR["万元"]


# a folio line: "- 3 -", "第3页", "3/24", "第 3 页 共 24 页", "共24页，第3页" (the one pattern; the
# table reader drops such lines from a page's margins, F2/F4 read the page's printed number)
PAGE_NO = re.compile(r"^[-—\s]*(第\s*)?\d{1,3}(\s*页)?[-—\s]*$|^\d+\s*/\s*\d+$"
                     r"|^[-—\s]*(第\s*\d{1,4}\s*页\s*[,，/、|｜]?\s*共\s*\d{1,4}\s*页"
                     r"|共\s*\d{1,4}\s*页\s*[,，/、|｜]?\s*第\s*\d{1,4}\s*页)[-—\s]*$")


def page_number(text: str) -> int | None:
    """The page's own number printed in a folio line (`PAGE_NO`): the N of "第N页 共M页" and of
    "N/M"; None when the line is not a folio."""
    t = text.strip()
    if not PAGE_NO.match(t):
        return None
    m = re.search(r"第\s*(\d+)", t) or re.search(r"(\d+)", t)
    return int(m.group(1)) if m else None
