"""How to cite an article: a GB/T 7714-2015 reference and a BibTeX entry.

GB/T 7714-2015《信息与文献 参考文献著录规则》, the rules Chinese
researchers cite by.  An article maps to one of its clauses by what the
reader found out about it (shapes of the metadata, never particular names):

- a talk in a compilation — 4.2 专著中的析出文献, type ``[C]`` (会议录):
  ``讲者. 题名[C]//汇编题名: 副题. [出版地不详]: [出版者不详], 年.``
- an article in a journal — 4.4 连续出版物中的析出文献, type ``[J]``:
  ``作者. 题名[J]. 刊名, 年(期).``
- an article in a newspaper — 4.4 连续出版物中的析出文献, type ``[N]``:
  ``作者. 题名[N]. 报纸名, 出版日期(版次).``
- a web page (a URL, no publication) — 4.6 电子资源, type ``[EB/OL]``:
  ``作者. 题名[EB/OL]. (发表日期). URL.``
- anything else — type ``[Z]`` (其他未说明的文献类型): ``作者. 题名[Z]. 出处, 日期.``

A publication is a journal when its issue label has the shape ``第 N 期`` or
its name ends like a journal's (刊, 志, 学报 …), a newspaper when its name ends
in 报 or the seed is a newspaper page; fields left unknown are left out.

A journal or newspaper article with a URL gets the carrier code ``OL``
(``[J/OL]``, ``[N/OL]``; 附录 B 文献类型和载体标识代码) and the URL at the end
(著录细则 获取和访问路径).

Rules applied:

- 著录细则, 主要责任者: names as printed, separated by ``, ``; more than three
  are cut to the first three followed by ``, 等``.  The responsible persons
  are the speaker of a talk, else the bylined authors and reporters.
- 主要责任者, 无责任者: an article with no known author starts with its
  title (the standard allows this for references numbered in order, 顺序编码制,
  instead of 佚名).
- 出版项 (出版地, 出版者): a compilation names no place or publisher in the
  seeds, so ``[出版地不详]: [出版者不详]``, as the standard asks of a Chinese
  work that names neither; the year is that of its date.
- 出版日期 and 页码: a newspaper's date in ISO 8601 form
  (``2025-12-06``); its page (版次) in brackets when the article's issue
  label is a page (``第3版``); a journal's year and issue number (``2025(6)``)
  from an issue label of the shape ``第 N 期``.
- 引用日期 (the date the reader accessed a web source, required for
  ``[EB/OL]``) is **left out**: a build knows no access date except the
  clock, and a reference with today's date would make every rebuild
  differ.  The reader adds the day they looked.

Punctuation is that of the standard's examples: ASCII ``. , : // ( ) [ ]``
with a space after ``.``, ``,`` and ``:``.

BibTeX (classic BibTeX entry types, so every reference manager reads it):
a talk is ``@inproceedings`` (``booktitle`` = the compilation), a journal or
newspaper article ``@article`` (``journal``; a newspaper's ``note`` says so),
a web page and anything else ``@misc`` (``howpublished`` = the URL, ``url``).
Field values are brace-delimited; characters TeX treats specially are
escaped, and braces in the text become ``\\textbraceleft{}`` /
``\\textbraceright{}`` so the value's braces always balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Collection

#: more authors than this are cut to this many plus 等 (GB/T 7714-2015, 主要责任者)
MAX_AUTHORS = 3
#: GB/T 7714-2015, 出版项: place and publisher of a Chinese work that names neither
UNKNOWN_PLACE, UNKNOWN_PUBLISHER = "[出版地不详]", "[出版者不详]"
#: a journal's issue label: 第 6 期 (spaces allowed, as printed)
_ISSUE_NUMBER = re.compile(r"第\s*(\d+)\s*期")
#: a newspaper page as an issue label: 第 3 版 / A3版
_PAGE_NUMBER = re.compile(r"(?:第\s*)?([A-Za-z]?\d+)\s*版")
#: the end of a journal's name (学报 is a journal though it ends in 报)
_JOURNAL_NAME = re.compile(r"(刊|志|学报)$")
_NEWSPAPER_NAME = re.compile(r"报$")
#: a leading dash of a printed subtitle (——大都市发展)
_SUBTITLE_DASH = re.compile(r"^[\s—–-]+")


@dataclass(frozen=True)
class Citation:
    """An article's reference in two forms.

    Attributes:
        kind: the GB/T 7714 document type code used (``N``, ``J``, ``C``, ``EB/OL``, ``N/OL``, ``J/OL``, ``Z``).
        gbt7714: the GB/T 7714-2015 reference, one line of plain text.
        bibtex: a BibTeX entry, several lines, ending in a newline.
    """

    kind: str
    gbt7714: str
    bibtex: str


def cite(art: Article, collection: Collection | None = None) -> Citation:
    """The GB/T 7714-2015 reference and the BibTeX entry of ``art`` (see the module doc for the mapping).

    Args:
        art: the article (title, authors or speaker, publication, issue, date, url, slug).
        collection: the seed file's collection (a compilation's title, subtitle and date), or None.
    """
    kind = document_kind(art, collection)
    return Citation(kind, gbt7714(art, collection, kind), bibtex(art, collection, kind))


def document_kind(art: Article, collection: Collection | None) -> str:
    """The GB/T 7714 type code of the article: ``C``, ``J``, ``N``, ``EB/OL``, or ``Z``, with ``/OL`` when it has a URL."""
    online = bool(_url(art))
    if collection is not None and collection.kind == "compilation":
        return "C"
    publication = art.publication.strip()
    if publication:
        if _ISSUE_NUMBER.search(art.issue) or _JOURNAL_NAME.search(publication):
            base = "J"
        elif (
            _NEWSPAPER_NAME.search(publication) or (collection is not None and collection.kind == "page") or _PAGE_NUMBER.search(art.issue)
        ):
            base = "N"
        else:
            base = "J" if art.issue else "Z"
        return f"{base}/OL" if online and base != "Z" else base
    return "EB/OL" if online else "Z"


def responsible(art: Article) -> list[str]:
    """Who is responsible for the article (主要责任者): the speaker of a talk, else the authors and reporters, in order, once each."""
    names = [art.speaker] if art.speaker.strip() else [*art.authors, *art.reporters]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def gbt7714(art: Article, collection: Collection | None, kind: str) -> str:
    """The GB/T 7714-2015 reference of ``art`` for type code ``kind`` (plain text, one line)."""
    names = responsible(art)
    shown = names[:MAX_AUTHORS]
    head = ", ".join(shown) + (", 等" if len(names) > MAX_AUTHORS else "")
    parts = [f"{head}. " if head else "", f"{_title(art.title)}[{kind}]"]
    if kind == "C":
        book = _title(collection.title if collection else art.publication)
        subtitle = _SUBTITLE_DASH.sub("", collection.subtitle if collection else "").strip()
        if subtitle:
            book += ": " + _title(subtitle)
        year = _year(art.date or (collection.date if collection else ""))
        parts.append(f"//{book}. {UNKNOWN_PLACE}: {UNKNOWN_PUBLISHER}" + (f", {year}" if year else ""))
    elif kind.startswith("J"):
        where = art.publication.strip()
        year = _year(art.date)
        number = _ISSUE_NUMBER.search(art.issue)
        if year:
            where += f", {year}" + (f"({number[1]})" if number else "")
        elif number:
            where += f", ({number[1]})"
        parts.append(". " + where)
    elif kind.startswith("N"):
        where = art.publication.strip()
        page = _PAGE_NUMBER.search(art.issue)
        if art.date:
            where += f", {art.date}" + (f"({page[1]})" if page else "")
        parts.append(". " + where)
    elif kind == "EB/OL":
        if art.date:
            parts.append(f". ({art.date})")
    else:
        where = ", ".join(x for x in (art.publication.strip(), art.date) if x)
        if where:
            parts.append(". " + where)
    text = "".join(parts) + "."
    if kind.endswith("OL"):
        text += " " + _url(art)
    return text


#: BibTeX entry type per GB/T 7714 base type
BIBTEX_TYPES = {"C": "inproceedings", "J": "article", "N": "article"}
#: characters with a meaning in TeX, and what stands for them in a field value
_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_TEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _TEX_ESCAPES))


def bibtex_value(text: str) -> str:
    """``text`` as the inside of a brace-delimited BibTeX field: TeX's special characters escaped, blanks collapsed."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES[m[0]], " ".join(text.split()))


def bibtex_key(art: Article) -> str:
    """The entry's key: the article's slug (ASCII ``[a-z0-9_-]``, unique in the corpus, stable across rebuilds)."""
    return re.sub(r"[^A-Za-z0-9_:-]", "-", art.slug or art.id) or "article"


def bibtex(art: Article, collection: Collection | None, kind: str) -> str:
    """A BibTeX entry for ``art`` of GB/T type ``kind`` (see the module doc), fields in a fixed order, ending in a newline."""
    base = kind.split("/")[0]
    fields: list[tuple[str, str]] = []
    names = responsible(art)
    if names:
        fields.append(("author", " and ".join(names)))
    fields.append(("title", _title(art.title)))
    if base == "C":
        book = _title(collection.title if collection else art.publication)
        subtitle = _SUBTITLE_DASH.sub("", collection.subtitle if collection else "").strip()
        fields.append(("booktitle", book + (": " + subtitle if subtitle else "")))
    elif base in ("J", "N"):
        fields.append(("journal", art.publication.strip()))
    elif art.publication.strip():
        fields.append(("organization", art.publication.strip()))
    date = art.date or (collection.date if collection is not None and base == "C" else "")
    if _year(date):
        fields.append(("year", _year(date)))
    if len(date) >= 7 and date[5:7].isdigit():
        fields.append(("month", str(int(date[5:7]))))
    number = _ISSUE_NUMBER.search(art.issue)
    if base == "J" and number:
        fields.append(("number", number[1]))
    page = _PAGE_NUMBER.search(art.issue)
    if base == "N" and page:
        fields.append(("pages", page[1]))
    if date:
        fields.append(("date", date))
    url = _url(art)
    if url:
        if base not in BIBTEX_TYPES:
            fields.append(("howpublished", r"\url{" + url + "}"))
        fields.append(("url", url))
    if base == "N":
        fields.append(("note", "报纸"))
    fields.append(("langid", "chinese"))
    entry = BIBTEX_TYPES.get(base, "misc")
    body = ",\n".join(f"  {name} = {{{value if name == 'howpublished' else bibtex_value(value)}}}" for name, value in fields)
    return f"@{entry}{{{bibtex_key(art)},\n{body}\n}}\n"


def _title(text: str) -> str:
    """A title on one line (blanks collapsed)."""
    return " ".join(text.split())


def _year(date: str) -> str:
    """The year of an ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), or ``""``."""
    return date[:4] if date[:4].isdigit() else ""


def _url(art: Article) -> str:
    """The article's URL when it is a web address without blanks or braces, else ``""``."""
    url = art.url.strip()
    return url if re.match(r"^https?://[^\s{}\\]+$", url) else ""
