"""Seed bytes to text: encodings, line endings, and files that are not text."""

from __future__ import annotations

import codecs

import pytest

from urbankb.ingest.decode import MAX_SEED_BYTES, SeedError, decode_bytes
from urbankb.pipeline.seeds import read_seed_bytes

TEXT = "智慧城市建设要坚持以人民为中心，推动城市治理体系和治理能力现代化。\n数据要素的开放共享是提升城市治理水平的关键。\n"
TRADITIONAL = "智慧城市建設要堅持以人民為中心，推動城市治理體系和治理能力現代化。\n數據要素的開放共享是提升城市治理水平的關鍵。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "gbk", "gb18030", "big5"],
)
def test_every_encoding_reads_back_as_the_text_written(data, encoding):
    decoded = decode_bytes(data, "seed.txt")
    assert decoded.encoding == encoding
    assert decoded.text == (TRADITIONAL if encoding == "big5" else TEXT)


def test_strict_utf8_wins_over_the_detector_for_short_text():
    # two characters are too few for any detector; valid UTF-8 must be taken as UTF-8
    assert decode_bytes("城市".encode(), "x.txt").encoding == "utf-8"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028", "\x85"])
def test_line_endings_become_newlines(newline):
    decoded = decode_bytes(f"第一行{newline}第二行{newline}".encode(), "x.txt")
    assert decoded.text == "第一行\n第二行\n"


def test_a_page_break_is_a_newline_and_stays_marked_at_the_start_of_the_next_page():
    # pdftotext puts a form feed before each page's first line; the line numbers stay those of an editor
    decoded = decode_bytes("第一页\n\f第二页\f".encode(), "x.txt")
    assert decoded.text == "第一页\n\n\f第二页\n\f"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (codecs.BOM_UTF8 + b"\n\n", "empty"),
        (b"%PDF-1.4\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"),
        (b"{\\rtf1\\ansi", "RTF"),
        ("城市\x00治理\x00".encode() + b"\x00\x01", "NUL"),
        ("城市治理\x01\x02\x03\x04".encode() * 10, "control characters"),
        (bytes([0x80, 0xFF, 0xFE, 0x81, 0x8D, 0x90, 0x9D, 0xC0, 0xC1, 0xF5]) * 30, "no text encoding"),
    ],
    ids=["empty", "blank", "bom-only", "pdf", "png", "jpeg", "zip", "doc", "rtf", "nul", "controls", "undecodable"],
)
def test_files_that_are_not_text_are_refused_with_the_reason(data, reason):
    with pytest.raises(SeedError) as err:
        decode_bytes(data, "bad.txt")
    assert reason in err.value.reason
    assert str(err.value).startswith("bad.txt")


def test_a_seed_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_SEED_BYTES + 1)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("the oversize file was read"))
    with pytest.raises(SeedError, match="5 MB"):
        read_seed_bytes(path)


def test_the_documented_size_limit_is_5_mb():
    assert MAX_SEED_BYTES == 5 * 1024 * 1024
