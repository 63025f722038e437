"""Article pages in a real browser: the citation's copy buttons and the paragraphs' ¶ links (headless Chromium).

Uses the serving and browser helpers of ``test_search_browser`` (Debian's
``/usr/bin/chromium``; skipped without it on a developer machine, failing under ``CI``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_search_browser import CHROMIUM, CHROMIUM_ARGS, browser_available, playwright_sync, serve  # noqa: F401

#: the talk whose page is shown (and photographed) with its citation
TALK = "003_d28a1f34fda7a5a8-1"
SHOT = Path(os.environ.get("URBANKB_SHOTS", "/tmp/shots")) / "article_citation.png"


@pytest.fixture(scope="module")
def article_page(built_site):
    """A Chromium page on the talk's article page, clipboard permissions granted; yields ``(page, kb article)``."""
    kb = json.loads((built_site / "docs" / "kb.json").read_text(encoding="utf-8"))
    art = next(a for a in kb["articles"] if a["id"] == TALK)
    with serve(built_site / "site") as base, playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
            page = context.new_page()
            page.goto(base + art["url"], wait_until="load")
            yield page, art
        finally:
            browser.close()


@pytest.mark.parametrize(("button", "form"), [("kb-cite-gbt", "gbt7714"), ("kb-cite-bibtex", "bibtex")])
def test_the_copy_button_copies_the_citation(article_page, button, form):
    page, art = article_page
    page.evaluate("navigator.clipboard.writeText('')")
    page.click(f"button[data-kb-copy={button}]")
    page.wait_for_function(f"document.querySelector('button[data-kb-copy={button}]').dataset.copied === 'yes'")
    assert page.evaluate("navigator.clipboard.readText()") == art["citation"][form].rstrip("\n")


def test_the_pilcrow_appears_on_hover_and_links_the_paragraph(article_page):
    page, _art = article_page
    paragraphs = page.locator("p.kb-para")
    assert paragraphs.count() >= 5
    second = paragraphs.nth(1)
    link = second.locator("a.kb-para-link")
    opacity = "el => getComputedStyle(el).opacity"
    page.mouse.move(5, 5)
    assert link.evaluate(opacity) == "0"
    second.hover()
    page.wait_for_function("el => getComputedStyle(el).opacity === '1'", arg=link.element_handle())
    pid = second.get_attribute("id")
    assert link.get_attribute("href") == f"#{pid}"
    assert link.evaluate("el => getComputedStyle(el, '::before').content") == '"¶"'
    assert "¶" not in second.text_content()  # drawn by CSS: copying the paragraph copies no pilcrow
    link.click()
    assert page.evaluate("location.hash") == f"#{pid}"
    assert page.evaluate("document.querySelector(':target').id") == pid


def test_screenshot_of_the_article_with_its_citation(article_page):
    page, _art = article_page
    page.reload(wait_until="load")  # buttons back to 复制
    page.evaluate("document.getElementById('kb-cite').scrollIntoView({block: 'end'})")
    page.locator("p.kb-para").last.hover()  # its ¶ shows
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT))
    assert SHOT.stat().st_size > 10_000
