"""Tables as read: on a phone a table scrolls in its box rather than squeeze its columns, and on
paper it fits the page.

Japanese text may break between any two characters (and the body's overflow-wrap: anywhere lets
Latin words break too), so a table wider than the screen could shrink every column to one
character a line: ハイパースケーラー stacked, "CoreWeave" split in two. Every table of every page
(Markdown tables, charts' data tables opened, the status table) is measured in Chromium.
"""

from __future__ import annotations

import contextlib
from itertools import pairwise

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .harness import BuiltSite, SiteServer, axe_violations, numbered, open_page

SCREENS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
FEW_EM = 4        # a cell whose text wraps is at least this many em wide: 4 Japanese characters a line
# A4 paper less Chromium's default print margins (0.4 in each side), in CSS px (96 a inch).
PAPER_WIDTH = round((210 / 25.4 - 2 * 0.4) * 96)
PAPER_HEIGHT = round((297 / 25.4 - 2 * 0.4) * 96)

# Each table cell's text as laid out: its width, how many lines it takes, and its Latin words
# (letters and digits) that are split over two lines. Lines are told apart by where their
# fragments sit vertically (a citation's raised number stays on its line).
CELLS_JS = """() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const linesOf = (range, lineHeight) => {
        const middles = [...range.getClientRects()].filter(r => r.width > 0)
            .map(r => (r.top + r.bottom) / 2).sort((a, b) => a - b);
        return middles.filter((m, i) => i === 0 || m - middles[i - 1] > lineHeight / 2).length;
    };
    return [...document.querySelectorAll('table')].flatMap((table, t) => [...table.querySelectorAll('th, td')]
        .filter(cell => cell.checkVisibility() && cell.textContent.trim())
        .map(cell => {
            const style = getComputedStyle(cell), em = parseFloat(style.fontSize);
            const lineHeight = parseFloat(style.lineHeight) || 1.2 * em;
            const range = document.createRange();
            range.selectNodeContents(cell);
            const broken = [];
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const word of node.data.matchAll(/[A-Za-z0-9]{2,}/g)) {
                    const part = document.createRange();
                    part.setStart(node, word.index);
                    part.setEnd(node, word.index + word[0].length);
                    if (linesOf(part, lineHeight) > 1) broken.push(word[0]);
                }
            }
            return {table: t, text: cell.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40),
                    width: cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                    em, lines: linesOf(range, lineHeight), broken};
        }));
}"""


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_no_table_squeezes_its_text_into_a_narrow_column(site: BuiltSite, server: SiteServer, new_context,
                                                          screen: str) -> None:
    """No cell's text wraps in a column narrower than a few characters, and no Latin word (or
    number) is split over two lines: a table too wide for the screen scrolls instead."""
    page = new_context(viewport=SCREENS[screen], java_script_enabled=False).new_page()
    problems, cells = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        measured = page.evaluate(CELLS_JS)
        cells += len(measured)
        for cell in measured:
            where = f"{site_page.path} table {cell['table'] + 1}, {cell['text']!r}"
            if cell["lines"] > 1 and cell["width"] < FEW_EM * cell["em"]:
                problems.append(f"{where}: {cell['lines']} lines in {cell['width']:.0f}px "
                                f"(less than {FEW_EM}em = {FEW_EM * cell['em']:.0f}px)")
            if cell["broken"]:
                problems.append(f"{where}: split over two lines: {cell['broken']}")
    if not cells:
        pytest.skip(f"no page of the {site.name} site has a table")
    assert not problems, f"at {SCREENS[screen]['width']}px:\n{numbered(problems)}"


def test_a_printed_table_fits_the_paper(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Paper does not scroll: printed on A4, every table (charts' data tables print open) ends
    inside the page."""
    page = new_context(viewport={"width": PAPER_WIDTH, "height": 1100}, java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    problems, tables = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        rights = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => t.checkVisibility())
            .map(t => Math.round(t.getBoundingClientRect().right))""")
        tables += len(rights)
        problems += [f"{site_page.path} table {i + 1}: ends at {right}px, the paper at {PAPER_WIDTH}px"
                     for i, right in enumerate(rights) if right > PAPER_WIDTH]
    if not tables:
        pytest.skip(f"no page of the {site.name} site has a table")
    assert not problems, numbered(problems)


def test_paper_keeps_whole_what_fits_a_sheet(site: BuiltSite, server: SiteServer, new_context) -> None:
    """Printed on A4, each chart's drawing (and its caption) is never cut between two sheets, and
    nothing kept whole is taller than a sheet: a block that cannot fit starts on a new sheet all the
    same, leaving the one before blank from where the text stopped (each whole figure was kept whole,
    data table, notes and sources included: up to 2,905 px, ja/timeline/'s)."""
    page = new_context(viewport={"width": PAPER_WIDTH, "height": 1100}, java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    problems, drawings = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        found = page.evaluate("""() => {
            const kept = el => ['avoid', 'avoid-page'].includes(getComputedStyle(el).breakInside);
            const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + [...el.classList].map(c => '.' + c).join('');
            const tall = [...document.body.querySelectorAll('*')].filter(el => el.checkVisibility() && kept(el))
                .map(el => [name(el), Math.round(el.getBoundingClientRect().height)]);
            const svgs = [...document.querySelectorAll('figure.chart svg')].filter(svg => svg.checkVisibility());
            const cut = svgs.filter(svg => {
                for (let el = svg; el; el = el.parentElement) {
                    if (kept(el)) return false;
                    if (el.tagName === 'FIGURE') return true;
                }
                return true;
            }).map(svg => name(svg.closest('figure')));
            return {tall, cut, drawings: svgs.length};
        }""")
        drawings += found["drawings"]
        problems += [f"{site_page.path}: {what} is kept whole but {height}px tall, the sheet {PAPER_HEIGHT}px"
                     for what, height in found["tall"] if height > PAPER_HEIGHT]
        problems += [f"{site_page.path}: {figure}'s drawing may be cut between two sheets" for figure in found["cut"]]
    if not drawings:
        pytest.skip(f"no chart on the {site.name} site")
    assert not problems, numbered(problems)


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_a_table_box_is_a_tab_stop_only_while_its_table_scrolls(site: BuiltSite, server: SiteServer,
                                                                 new_context, screen: str) -> None:
    """A table's box takes focus so that a keyboard can scroll its table; where the table fits,
    the box would be a tab stop that does nothing, so (with JavaScript) it is out of the tab
    order, and in it wherever the table is wider than the box (charts' data boxes opened)."""
    page = new_context(viewport=SCREENS[screen]).new_page()
    problems, boxes = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        page.evaluate("() => { for (const d of document.querySelectorAll('details')) d.open = true; }")
        # reader.js sets each box's tab stop when its ResizeObserver reports the box: wait until they agree.
        with contextlib.suppress(PlaywrightTimeout):      # if they never do, the problems below say which
            page.wait_for_function("""() => [...document.querySelectorAll('.table-scroll, .chart__table')]
                .every(box => (box.tabIndex === 0) === (box.scrollWidth > box.clientWidth))""", timeout=5_000)
        found = page.evaluate("""() => [...document.querySelectorAll('.table-scroll, .chart__table')]
            .map(box => ({name: box.getAttribute('aria-labelledby') || box.className, tab: box.tabIndex,
                          scrolls: box.scrollWidth > box.clientWidth}))""")
        boxes += len(found)
        problems += [f"{site_page.path} {box['name']}: tabindex {box['tab']}, "
                     f"{'scrolls' if box['scrolls'] else 'fits'}"
                     for box in found if (box["tab"] == 0) != box["scrolls"]]
    if not boxes:
        pytest.skip(f"no page of the {site.name} site has a table box")
    assert not problems, f"at {SCREENS[screen]['width']}px:\n{numbered(problems)}"


# Each Japanese cell's text, line by line as laid out (a line is the characters whose boxes
# share a top).
JAPANESE_LINES_JS = """() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    return [...document.querySelectorAll('th, td')]
        .filter(cell => cell.closest('[lang]')?.lang.startsWith('ja') && cell.checkVisibility())
        .map(cell => {
            const lines = [];
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.data.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const box = range.getClientRects()[0];
                    if (!box || !box.width) continue;
                    const last = lines[lines.length - 1];
                    if (last && Math.abs(last.top - box.top) < 4) last.text += node.data[i];
                    else lines.push({top: box.top, text: node.data[i]});
                }
            }
            return lines.map(line => line.text.trim()).filter(Boolean);
        }).filter(lines => lines.length > 1);
}"""
COUNTER = "年月日時期半"            # what follows a number as one word: 2025年9月10日, 10〜12月期, 2026年後半
CLOSING = "、。，．）」』】"          # kinsoku: stays with the character before it


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_japanese_cells_break_between_phrases(site: BuiltSite, server: SiteServer, new_context,
                                               screen: str) -> None:
    """A narrow Japanese column wraps between phrases: never between a number and its counter
    (2025年9月10|日), and never leaving one character alone on a cell's last line (ブロードコ|ム)."""
    page = new_context(viewport=SCREENS[screen], java_script_enabled=False).new_page()
    problems, cells = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        for lines in page.evaluate(JAPANESE_LINES_JS):
            cells += 1
            shown = " | ".join(lines)
            if any(a[-1].isdigit() and b[0] in COUNTER for a, b in pairwise(lines)):
                problems.append(f"{site_page.path}: a number split from its counter: {shown}")
            elif len(lines[-1].rstrip(CLOSING)) == 1 and not lines[-1].isascii():
                problems.append(f"{site_page.path}: one character alone on the last line: {shown}")
    if not cells:
        pytest.skip(f"no Japanese table cell wraps on the {site.name} site")
    assert not problems, f"at {SCREENS[screen]['width']}px:\n{numbered(problems)}"


# axe's rules for how a table's cells are tied to their headers. td-has-header is "experimental"
# in axe, so the runs by tag in test_pages.py leave it out; Lighthouse runs it.
TABLE_RULES = ["td-has-header", "th-has-data-cells", "td-headers-attr", "scope-attr-valid"]


def test_every_data_cell_is_read_with_its_headers(site: BuiltSite, server: SiteServer, new_context) -> None:
    """A screen reader names each cell by its column's header and its row's: in a table whose
    corner is empty (| | Chatbot | Agent |) the first column heads the rows. Every table of every
    page, charts' data tables opened."""
    page = new_context(bypass_csp=True, viewport=SCREENS["desktop"]).new_page()
    problems, tables = [], 0
    for site_page in site.pages():
        open_page(page, server, site_page)
        tables += page.evaluate("() => { document.querySelectorAll('details').forEach(d => d.open = true);"
                                " return document.querySelectorAll('table').length; }")
        problems += [f"{site_page.path}: {p}" for p in axe_violations(page, TABLE_RULES)]
    if not tables:
        pytest.skip(f"no page of the {site.name} site has a table")
    assert not problems, numbered(problems)


def test_a_printed_data_table_leaves_the_addresses_to_the_source_line(site: BuiltSite, server: SiteServer,
                                                                      new_context) -> None:
    """Paper prints a link's address after it, but a chart's data table links each row to a source
    that the chart's source line under it prints with its address: printed in a column as well,
    the addresses squeezed the table's other columns (2025年9月10日 on three lines) and lengthened
    it by half. In a printed data table no link prints its address, and each address is printed
    elsewhere on the page, so that paper loses none."""
    page = new_context(viewport={"width": PAPER_WIDTH, "height": 1100}, java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    problems, links = [], 0
    for site_page in site.pages():
        if "chart__table" not in (site.output / site_page.file).read_text(encoding="utf-8"):
            continue
        open_page(page, server, site_page)
        found = page.evaluate("""() => {
            const printed = a => { const c = getComputedStyle(a, '::after').content;
                                   return c !== 'none' && c !== 'normal' && c.includes(a.getAttribute('href')); };
            const inTable = [...document.querySelectorAll('.chart__table a[href^="http"]')];
            const elsewhere = new Set([...document.querySelectorAll('a[href^="http"]')]
                .filter(a => !a.closest('table') && a.checkVisibility() && printed(a))
                .map(a => a.getAttribute('href')));
            return inTable.map(a => ({href: a.getAttribute('href'), printed: printed(a),
                                      elsewhere: elsewhere.has(a.getAttribute('href'))}));
        }""")
        links += len(found)
        problems += [f"{site_page.path}: {link['href']} is printed in a data table"
                     for link in found if link["printed"]]
        problems += [f"{site_page.path}: {link['href']}, linked in a data table, is printed nowhere else"
                     for link in found if not link["elsewhere"]]
    if not links:
        pytest.skip(f"no chart data table of the {site.name} site links to a source")
    assert not problems, numbered(problems)
