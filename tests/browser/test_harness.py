"""The checks can fail: each one, run on a deliberately broken little site, finds what it looks for.

(A check that passes on every page could just as well be checking nothing.)
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from .chartchecks import contrast_problems, crossing_problems, label_problems, tick_problems
from .focuschecks import focus_ring_problems
from .harness import (
    AXE_JS,
    COLOUR_RULES,
    DEFAULT_CSP,
    DESKTOP,
    PHONE,
    REPO,
    SitePage,
    SiteServer,
    Watch,
    axe_violations,
    horizontal_overflow,
    invisible_charts,
    language_switch_problems,
    non_japanese_fonts,
    open_page,
    read_through,
    site_headers,
    skip_link_problems,
)

PIXEL = "data:image/png;base64," + base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e5274fb20000000049454e44ae426082")).decode()

BROKEN = {
    "en/index.html": f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken on purpose</title>
<link rel="stylesheet" href="../broken.css"><link rel="stylesheet" href="../missing.css">
<script src="https://cdn.example.com/library.js"></script><script src="../throws.js"></script>
</head><body><main>
<a class="skip-link" href="#main">Skip</a>
<ul class="lang-switch"><li><a href="../ja/" hreflang="ja">日本語</a></li></ul>
<img src="{PIXEL}">
<div class="wide">too wide for a phone</div>
<figure class="chart" id="hidden-chart"><svg width="300" height="100"><rect width="300" height="100"/></svg></figure>
<p lang="zh-CN">这是中文，不是日本语。</p>
<p class="dim">Readable in light mode only.</p>
</main></body></html>""",
    # the "counterpart" is in the wrong language and does not link back
    "ja/index.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Wrong language</title></head>
<body><main><p>No switch back.</p></main></body></html>""",
    "broken.css": ".wide { width: 600px; } figure.chart svg { display: none; }"
                  ".skip-link { position: absolute; top: -1rem; }"
                  "@media (prefers-color-scheme: dark) { body { background: #000; } .dim { color: #222; } }",
    "throws.js": "throw new Error('broken on purpose');",
    # a chart whose labels collide and leave it, with a bar too pale to see and one that is fine
    "en/chart/index.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Chart</title></head><body><main>
<figure class="chart" id="chart-bad"><div class="chart__static"><svg width="200" height="100" viewBox="0 0 200 100">
<g class="mark-rect role-mark" aria-roledescription="rect mark container">
<path d="M0,0h80v20h-80Z" fill="#e8eef5"></path><path d="M0,30h80v20h-80Z" fill="#4c78a8"></path></g>
<text x="10" y="70" font-size="12">First label</text><text x="20" y="72" font-size="12">Second label</text>
<text x="170" y="90" font-size="12">Leaves the chart</text>
<g class="mark-line role-mark"><path d="M100,60L190,20" stroke="#4c78a8" fill="none"></path></g>
<g class="mark-text role-mark"><text x="130" y="45" font-size="12">On the line</text>
<text x="100" y="15" font-size="12">On the bar</text></g>
<g class="mark-rect role-mark"><path d="M95,0h10v20h-10Z" fill="#4c78a8"></path></g>
<g class="mark-rule role-axis-grid"><line x1="140" y1="0" x2="140" y2="100" stroke="#ddd"></line>
<line x1="30" y1="0" x2="30" y2="100" stroke="#ddd"></line></g>
<g class="mark-group role-axis"><g class="mark-rule role-axis-tick"><line x1="0" y1="99" x2="0" y2="100"></line></g>
<g class="mark-text role-axis-label"><text x="0" y="99" font-size="6">0</text><text x="60" y="99" font-size="6">5</text>
<text x="90" y="99" font-size="6" opacity="0">10</text></g></g></svg></div></figure>
</main></body></html>""",
    # a row that scrolls and clips its links' focus rings, and a button that hides its focus
    "en/focus/index.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Focus</title><link rel="stylesheet" href="../../focus.css">
</head><body><main><ul class="row"><li><a href="#one">One</a></li><li><a href="#two">Two</a></li></ul>
<button type="button" class="bare">No ring</button> <a href="#fine">Fine</a></main></body></html>""",
    "focus.css": ":focus-visible { outline: 3px solid blue; outline-offset: 2px; }"
                 ".row { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; overflow-x: auto; }"
                 ".row a { display: inline-block; } .bare:focus-visible { outline: none; }",
    "404.html": "<!DOCTYPE html><title>404</title>",
}
EN = SitePage("en/index.html", "en/", "en")


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken-site")
    for rel, text in BROKEN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken(broken_site: Path) -> Iterator[SiteServer]:
    with SiteServer(broken_site, "/", [("Content-Security-Policy", DEFAULT_CSP)]) as server:
        yield server


def test_axe_reports_an_image_without_alt_text(broken: SiteServer, new_context) -> None:
    page = new_context(bypass_csp=True, viewport=DESKTOP).new_page()
    open_page(page, broken, EN)
    problems = axe_violations(page)
    assert any(p.startswith("axe image-alt (critical)") for p in problems), problems


def test_axe_in_dark_mode_reports_text_that_is_only_readable_in_light_mode(broken: SiteServer, new_context) -> None:
    light = new_context(bypass_csp=True, color_scheme="light").new_page()
    open_page(light, broken, EN)
    assert not any("color-contrast" in p for p in axe_violations(light, COLOUR_RULES))
    dark = new_context(bypass_csp=True, color_scheme="dark").new_page()
    open_page(dark, broken, EN)
    problems = axe_violations(dark, COLOUR_RULES)
    assert any(p.startswith("axe color-contrast") and ".dim" in p for p in problems), problems


def test_watch_reports_csp_blocks_exceptions_and_missing_files(broken: SiteServer, new_context) -> None:
    context = new_context(viewport=DESKTOP)
    watch = Watch(broken.origin).attach(context)
    page = context.new_page()
    open_page(page, broken, EN, watch)
    read_through(page)
    problems = "\n".join(watch.take())
    assert "https://cdn.example.com/library.js" in problems and "Content Security Policy" in problems, problems
    assert "uncaught exception: broken on purpose" in problems, problems
    assert "HTTP 404" in problems and "missing.css" in problems, problems
    assert watch.take() == [], "take() clears what it returned"


def test_watch_aborts_and_reports_requests_to_other_hosts(broken_site: Path, new_context) -> None:
    with SiteServer(broken_site, "/", headers=[]) as no_policy:     # nothing but the route stops it
        context = new_context(viewport=DESKTOP)
        watch = Watch(no_policy.origin).attach(context)
        page = context.new_page()
        open_page(page, no_policy, EN, watch)
        assert "request to another host: script https://cdn.example.com/library.js" in watch.take()


def test_overflow_hidden_charts_wrong_fonts_and_a_bad_switch_are_found(broken: SiteServer, new_context) -> None:
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    open_page(page, broken, EN)
    overflow = horizontal_overflow(page)
    assert overflow and "div.wide reaches" in overflow[0], overflow
    charts, problems = invisible_charts(page)
    assert charts == 1 and problems == ["figure.chart#hidden-chart: no visible drawn svg"]
    checked, problems = non_japanese_fonts(page, context)
    assert checked >= 1 and any("这是中文" in p for p in problems), problems
    skip = skip_link_problems(page)
    assert skip[0].startswith("the skip link shows ") and "focused skip link is off-screen" in skip[1], skip
    links, problems = language_switch_problems(page, broken, EN)
    assert links == 1
    assert any("lang='en'" in p for p in problems) and any("leads back to nowhere" in p for p in problems), problems


def test_the_server_serves_under_the_base_path_with_the_404_page(broken_site: Path, new_context) -> None:
    with SiteServer(broken_site, "/sub/") as server:
        page = new_context().new_page()
        assert page.goto(server.url("en/")).status == 200
        response = page.goto(server.origin + "/en/")          # outside the base path
        assert response.status == 404 and page.title() == "404"
        assert "default-src 'none'" in response.headers["content-security-policy"]


def test_site_headers_come_from_the_builds_headers_file(tmp_path: Path) -> None:
    assert site_headers(tmp_path) == [("Content-Security-Policy", DEFAULT_CSP)]
    (tmp_path / "_headers").write_text("/*\n  Content-Security-Policy: default-src 'self'\n  X-Test: 1\n"
                                       "/ja/*\n  X-Other: 2\n", encoding="utf-8")
    assert site_headers(tmp_path) == [("Content-Security-Policy", "default-src 'self'"), ("X-Test", "1")]


def test_vendored_axe_core_matches_its_recorded_checksums() -> None:
    recorded = (REPO / "scripts" / "vendor_axe.sha256").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(AXE_JS.relative_to(REPO).as_posix()) for line in recorded)
    for line in recorded:
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((REPO / rel).read_bytes()).hexdigest() == digest, rel
    version = (AXE_JS.parent / "VERSION").read_text(encoding="utf-8").strip()
    assert AXE_JS.read_text(encoding="utf-8").startswith(f"/*! axe v{version}")
    assert f"AXE={version}" in (REPO / "scripts" / "vendor_axe.sh").read_text(encoding="utf-8")


def test_chart_checks_find_colliding_labels_and_pale_marks(broken: SiteServer, new_context) -> None:
    page = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    open_page(page, broken, SitePage("en/chart/index.html", "en/chart/", "en"))
    charts, problems = label_problems(page)
    assert charts == 1
    assert any("'First label' and 'Second label' overlap" in p for p in problems), problems
    assert any("'Leaves the chart' leaves the chart" in p for p in problems), problems
    crossed = crossing_problems(page)
    assert "#chart-bad (200 px): a line crosses 'On the line'" in crossed, crossed
    assert any(p.startswith("#chart-bad (200 px): 'On the bar' lies on a bar") for p in crossed), crossed
    assert any("a gridline crosses 'First label'" in p for p in crossed), crossed
    page.evaluate("""() => document.querySelectorAll('#chart-bad text').forEach(t => Object.assign(t.style,
        {paintOrder: 'stroke', stroke: '#fff', strokeWidth: '3px'}))""")     # CSSOM: the CSP allows it
    assert not any("gridline" in p for p in crossing_problems(page)), "a halo of the page's colour hides the gridline"
    assert tick_problems(page) == ["#chart-bad (200 px): an axis labels only ['0', '5']"]
    pale = contrast_problems(page)
    assert len(pale) == 1 and pale[0].startswith("#chart-bad: a rect mark container reaches 1.1"), pale


def test_focus_check_finds_cut_rings_and_a_stop_without_one(broken: SiteServer, new_context) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    open_page(page, broken, SitePage("en/focus/index.html", "en/focus/", "en"))
    stops, problems = focus_ring_problems(page)
    assert stops == 4, problems
    assert problems == ['a "One": its focus ring is cut: ul.row cuts its left, top, bottom',
                        'a "Two": its focus ring is cut: ul.row cuts its top, bottom',
                        'button.bare "No ring": no focus indicator'], problems
