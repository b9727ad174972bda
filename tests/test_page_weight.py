"""Size budget: an article page of the real site, charts included, is at most 30 KB gzipped.

The charts are inline SVG (readable without JavaScript), so they count in the page's
weight. A budget, not a timing: the same sources give the same bytes.
"""

from __future__ import annotations

import gzip

BUDGET = 30 * 1024


def test_article_pages_with_charts_fit_the_budget(real_site: dict[str, bytes]) -> None:
    articles = {path: html for path, html in real_site.items()
                if path.count("/") == 2 and path.endswith("/index.html") and b'class="chart' in html}
    assert articles, "the real site has article pages with charts"
    weights = {path: len(gzip.compress(html, 9)) for path, html in articles.items()}
    over = {path: f"{size / 1024:.1f} KB" for path, size in weights.items() if size > BUDGET}
    assert not over, f"article pages over {BUDGET // 1024} KB gzipped: {over}"


def test_article_pages_need_no_script_to_show_charts(real_site: dict[str, bytes]) -> None:
    """Each chart is drawn into the page as SVG; the only scripts are deferred upgrades."""
    for path, html in real_site.items():
        if path.endswith(".html") and b'class="chart' in html:
            assert b"<svg" in html, path
            assert b"<script>" not in html and b"<noscript" not in html, path
