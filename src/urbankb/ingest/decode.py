"""Turn a seed file's bytes into text: encoding detection and sanity checks."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

#: Seeds larger than this are refused (bytes).  A long report is ~200 KB of
#: text; 5 MB is far beyond any article and guards against a dump or a PDF.
MAX_SEED_BYTES = 5 * 1024 * 1024


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


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, seed: str) -> DecodedText:
    """Decode a seed's bytes.

    Strict UTF-8 is tried first (after a BOM check), so a valid UTF-8 file is
    never misread; otherwise ``charset_normalizer.from_bytes`` picks the
    encoding (GB18030/GBK, Big5, UTF-16 without BOM...).

    Args:
        data: the raw file content.
        seed: file name, for error messages.

    Returns:
        The decoded text with ``\\r\\n`` and ``\\r`` turned into ``\\n``.

    Raises:
        SeedError: the file is empty, too large, binary (PDF, image, NUL
            bytes) or no encoding decodes it to text.
    """
    if not data.strip():
        raise SeedError(seed, "file is empty")
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(seed, f"file is {len(data)} bytes, over the {MAX_SEED_BYTES}-byte limit for a seed")
    if data.startswith(b"%PDF"):
        raise SeedError(seed, "file is a PDF, not text: extract its text first")
    text = encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(codec.replace("-sig", "")), codec
            except UnicodeDecodeError as exc:
                raise SeedError(seed, f"starts with a {codec} byte-order mark but does not decode: {exc.reason}") from exc
            break
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data and not _looks_utf16(data):
                raise SeedError(seed, "file is binary (contains NUL bytes), not text") from None
            best = from_bytes(data).best()
            if best is None:
                raise SeedError(seed, "no text encoding decodes this file (binary or corrupt?)") from None
            text, encoding = str(best), best.encoding
    if "\x00" in text or _control_ratio(text) > 0.01:
        raise SeedError(seed, "file is binary (control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=encoding)


def read_seed(path: Path) -> DecodedText:
    """Read and decode one seed file.

    Raises:
        SeedError: see :func:`decode_bytes`; also when the file cannot be read.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(path.name, f"cannot read file: {exc.strerror}") from exc
    return decode_bytes(data, path.name)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: NULs sit on every other byte."""
    sample = data[:2000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) > len(sample) / 6 and min(even, odd) < len(sample) / 50


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / max(1, len(sample))
