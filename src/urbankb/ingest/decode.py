"""Turn a seed file's bytes into text: encoding detection and sanity checks."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

#: Seeds larger than this are refused (bytes).  A long report is ~200 KB of
#: text; 5 MB is far beyond any article and guards against a dump or a PDF.
MAX_SEED_BYTES = 5 * 1024 * 1024
#: the limit for formats whose photos make them large (``.pdf``, ``.docx``)
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024

#: magic numbers of binary formats people rename to ``.txt``, with the reason shown
_SIGNATURES = (
    (b"%PDF", "file is a PDF, not text: extract its text first"),
    (b"\x89PNG", "file is a PNG image, not text"),
    (b"\xff\xd8\xff", "file is a JPEG image, not text"),
    (b"GIF8", "file is a GIF image, not text"),
    (b"PK\x03\x04", "file is a ZIP archive (a .docx or .xlsx?), not text: save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "file is an old Office document (.doc), not text: save it as plain text first"),
    (b"{\\rtf", "file is RTF, not plain text: save it as plain text first"),
    (b"\x1f\x8b", "file is gzip-compressed, not text"),
    (b"\x7fELF", "file is a program, not text"),
)
#: line and page separators turned into ``\n``; a form feed (a PDF extractor's page break) also stays,
#: at the start of the next line, for :mod:`urbankb.ingest.shapes`, which counts pages by it
_LINE_BREAKS = str.maketrans({"\f": "\n\f", "\v": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


class SeedError(Exception):
    """A seed that cannot be used at all.

    Attributes:
        seed: file name.
        line: 1-based line, 0 for the whole file.
        reason: one-sentence explanation.
    """

    def __init__(self, seed: str, reason: str, line: int = 0):
        self.seed, self.reason, self.line = seed, reason, line
        where = f"{seed}:{line}" if line else seed
        super().__init__(f"{where}: {reason}")


@dataclass
class DecodedText:
    """Text of a seed with the encoding it was read in.

    Attributes:
        text: decoded text, line endings normalised to ``\\n``, BOM removed.
        encoding: codec name used (``"utf-8"`` when strict UTF-8 decoded).
    """

    text: str
    encoding: str
    #: bytes that were not valid UTF-8 in an otherwise UTF-8 file, replaced by U+FFFD: ``(line, byte offset)`` (1-based line, 0-based offset)
    damaged: list[tuple[int, int]] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, seed: str) -> DecodedText:
    """Decode a seed's bytes.

    A byte-order mark decides first; data with NUL bytes is UTF-16 without a
    BOM or binary; then strict UTF-8 is tried, so a valid UTF-8 file is never
    misread; otherwise ``charset_normalizer.from_bytes`` picks the encoding
    (GB18030/GBK, Big5...), and failing that the same restricted to
    :data:`CJK_ENCODINGS` with the looser :data:`CJK_MESS_THRESHOLD`.

    Args:
        data: the raw file content.
        seed: file name, for error messages.

    Returns:
        The decoded text without BOM, with ``\\r\\n``, ``\\r``, form feeds and
        Unicode line/paragraph separators turned into ``\\n``.

    Raises:
        SeedError: the file is empty, too large, binary (PDF, image, NUL
            bytes) or no encoding decodes it to text.  A file that is UTF-8
            but for a few stray bytes is not refused: they are replaced by
            U+FFFD and listed in :attr:`DecodedText.damaged`.
    """
    if not data.strip():
        raise SeedError(seed, "file is empty")
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(seed, too_large(len(data)))
    for magic, reason in _SIGNATURES:
        if data.startswith(magic):
            raise SeedError(seed, reason)
    text = encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(codec.replace("-sig", "")), codec
            except UnicodeDecodeError as exc:
                raise SeedError(seed, f"starts with a {codec} byte-order mark but does not decode: {exc.reason}") from exc
            break
    if text is None and b"\x00" in data:
        # text has no NUL bytes, except UTF-16 (and ASCII-only UTF-16 is also valid UTF-8)
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise SeedError(seed, "file is binary (contains NUL bytes), not text")
        text = data.decode(encoding)
    damaged: list[tuple[int, int]] = []
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            damaged = utf8_damage(data)
        if text is None and damaged:
            # valid UTF-8 but for a few stray bytes: kept, those bytes replaced (and reported by the reader)
            text, encoding = data.decode("utf-8", errors="replace"), "utf-8"
        elif text is None:
            best = from_bytes(data).best() or from_bytes(data, cp_isolation=CJK_ENCODINGS, threshold=CJK_MESS_THRESHOLD).best()
            if best is None:
                raise SeedError(
                    seed, "no text encoding decodes this file (not UTF-8, UTF-16, GB18030/GBK or Big5; binary or corrupt?)"
                ) from None
            text, encoding = str(best), best.encoding
    text = text.lstrip("\ufeff")
    if "\x00" in text or _control_ratio(text) > 0.01:
        raise SeedError(seed, "file is binary (control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    if not text.strip():
        raise SeedError(seed, "file is empty")
    return DecodedText(text=text, encoding=encoding, damaged=damaged)


#: the Chinese encodings tried again, with a looser mess threshold, when charset_normalizer's default pass finds none:
#: its default (0.2) refuses a whole file for one chunk of box-drawing marks and half-width punctuation, as in a
#: real Big5 news item of tests/data/external whose overall mess is 0.02
CJK_ENCODINGS = ["gb18030", "big5"]
CJK_MESS_THRESHOLD = 0.5

#: a file that is valid UTF-8 but for at most this many damaged places is read as UTF-8 with damage
DAMAGE_PLACES = 16
#: ... and at most one damaged place per this many bytes (text in GBK or Big5 has an invalid UTF-8 sequence every few bytes)
DAMAGE_SPACING = 200


def utf8_damage(data: bytes) -> list[tuple[int, int]]:
    """Where an almost-UTF-8 file is broken: ``(line, byte offset)`` of each damaged place.

    Invalid sequences less than 4 bytes apart are one place (a stray byte inside
    a character leaves up to three of them).  Empty when the file is not UTF-8
    with a few stray bytes: no valid multi-byte character, more than
    :data:`DAMAGE_PLACES` damaged places, or more than one per
    :data:`DAMAGE_SPACING` bytes (then it is some other encoding, which
    charset-normalizer tells).
    """
    places: list[tuple[int, int]] = []
    limit = min(DAMAGE_PLACES, len(data) // DAMAGE_SPACING + 1)
    start = 0
    last_end = -10
    while True:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offset, end = start + exc.start, start + exc.end
            if offset - last_end >= 4:
                places.append((data.count(b"\n", 0, offset) + 1, offset))
                if len(places) > limit:
                    return []
            last_end, start = end, end
    # UTF-8 shows itself in valid multi-byte characters; a mostly-ASCII file in GBK or Big5 has none
    if not any(ord(c) > 0x7F and c != "\ufffd" for c in data.decode("utf-8", errors="replace")):
        return []
    return places


def too_large(size: int, limit: int = MAX_SEED_BYTES) -> str:
    """The message for a seed of ``size`` bytes over ``limit``."""
    return f"file is {size:,} bytes, over the {limit:,}-byte ({limit // 2**20} MB) limit for a seed; split it"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM, little- or big-endian, or None.

    NUL bytes are the high byte of ASCII characters (newlines, digits); binary
    data also has NULs but, read as UTF-16, gives U+0000 or characters from
    all over Unicode.  The byte order that decodes strictly to text made
    almost only of ASCII, CJK and CJK punctuation wins.
    """
    if len(data) % 2:
        return None
    best, best_share = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        share = _text_share(text)
        if share > best_share:
            best, best_share = codec, share
    return best if best_share >= 0.9 else None


def _text_share(text: str) -> float:
    """Share of characters that are ASCII, Latin-1 letters, CJK or CJK punctuation."""
    sample = text[:20000]
    ok = sum(
        1
        for c in sample
        if " " <= c <= "~"
        or c in "\n\r\t"
        or "\xa0" <= c <= "\xff"
        or "\u2000" <= c <= "\u206f"
        or "\u3000" <= c <= "\u9fff"
        or "\uff00" <= c <= "\uffef"
    )
    return ok / max(1, len(sample))


#: C0 and C1 control characters other than line breaks and tabs (\t \n \v \f \r \x85)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))
