"""Slips an editor makes with a Japanese input method on, or a key pressed once too few, each told at
its own place with what to type. Before, each was told elsewhere or in other words: 'title:Deal' as
an error on the next line ('mapping values are not allowed here'); a front matter fenced with
'ーーー' as 'no front matter' (add the '---' that is there, as the editor sees it); a date in
full-width digits as Python's 'Invalid isoformat string'; a CSV row with '，' for ',' as a cell
that must be quoted; '[契約の解説]（deal.md）', '＃＃ 見出し' and a table ruled '｜ーーー｜' not at all: the
page showed them as written; nor 'title: Why AWS is #1', published as 'Why AWS is' (YAML's comment).
Expected places are found in the text written."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sitegen.cli import main

from .conftest import SITES, tree_of


def _replace(root: Path, rel: str, old: str, new: str) -> tuple[int, str]:
    """Replace `old` (once) in file `rel`; the 1-based line of `new` and that line."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    number = text.count("\n", 0, text.index(old)) + 1
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return number, text.split("\n")[number - 1]


# (file, text there, the slip typed instead, what the error says, the character where it is)
SLIPS = {
    "no space after a key's colon": ("content/en/deal.md", "title: What", "title:What",
                                     "invalid YAML: no space after 'title:' (write 'title: value', with a space "
                                     "after the ':')", ":"),
    "a fence typed with ー": ("content/ja/deal.md", "---\ntitle:", "ーーー\ntitle:",
                             "the front matter's '---' line is typed 'ーーー' (type three half-width hyphens '---', "
                             "with the input method off)", "ー"),
    "a date in full-width digits": ("content/en/deal.md", "date: 2025-12-08", "date: ２０２５-１２-０８",
                                    "'date' must be a date in half-width digits, written YYYY-MM-DD, got "
                                    "'２０２５-１２-０８' (first published, YYYY-MM-DD)", None),
    "a full-width comma in a table": ("data/datasets/commitments.csv", "Oracle,", "Oracle，",
                                      "the row has 4 cells, fewer than the header's 5 (type ',' for the full-width "
                                      "'，', with the input method off)", "，"),
    "a link in full-width brackets": ("content/ja/index.md", "[契約の解説](deal.md)", "[契約の解説]（deal.md）",
                                      "link '[契約の解説]（deal.md）' is typed with full-width brackets, so it is "
                                      "shown as written (type it half-width: [契約の解説](deal.md))", "["),
    "an image in full-width brackets": ("content/ja/index.md", "[契約の解説](deal.md)", "！［図］（/img/deal.svg）",
                                        "link '！［図］（/img/deal.svg）' is typed with full-width brackets, so it is "
                                        "shown as written (type it half-width: ![図](/img/deal.svg))", "！"),
    "a heading typed with ＃": ("content/ja/deal.md", "## 他の契約との比較", "＃＃　他の契約との比較",
                               "a heading typed with full-width characters, so it is shown as text: '＃＃　他の契約との"
                               "比較 {#others}' (type it half-width: ## 他の契約との比較 {#others})", "＃"),
    "a table's separator row typed with ｜": ("content/ja/deal.md", "|---|---|", "｜ーーー｜ーーー｜",
                                            "a table's separator row typed with full-width characters, so it is shown "
                                            "as text: '｜ーーー｜ーーー｜' (type it half-width: |---|---|)", "｜"),
    "a title cut by ' #'": ("content/en/deal.md", "title: What the deal contains", "title: Deal #1 of 2025",
                           "' #' starts a comment here, so the value is 'Deal' and '#1 of 2025' is left out (quote "
                           "the value: title: \"Deal #1 of 2025\"; for a comment, put a space after '#')", "#"),
    "a source's headline cut by ' #'": ("data/sources/main.yaml", "title: OpenAI signs $38 billion Amazon Web "
                                        "Services deal", "title: Why AWS is #1 for OpenAI",
                                        "' #' starts a comment here, so the value is 'Why AWS is' and '#1 for OpenAI' "
                                        "is left out (quote the value: title: \"Why AWS is #1 for OpenAI\"; for a "
                                        "comment, put a space after '#')", "#"),
    "a ': ' in a title": ("content/en/deal.md", "title: What the deal contains", "title: The deal: what it contains",
                         "invalid YAML: ': ' inside the value of 'title', which YAML reads as another key (quote the "
                         "value: title: \"The deal: what it contains\")", ": what"),
    "a ': ' in a value in braces": ("data/glossary.yaml", "definition: 汎用の計算装置。",
                                   "definition: 汎用: 計算装置。",
                                   "invalid YAML: ': ' inside the value of 'definition', which YAML reads as another "
                                   "key (quote the value: definition: \"汎用: 計算装置。\")", ": 計算"),
    "a key indented once too often": ("data/facts/deal.yaml", "  unit: usd", "   unit: usd",
                                      "invalid YAML: 'unit:' is indented 3 spaces, "
                                      "'value:' on the line above 2 (indent the keys of one entry alike; a key inside "
                                      "another's value, two more)", "unit"),
    "a '[' never closed": ("data/facts/deal.yaml", "sources: [techspot-aws]\naws_deal_term",
                           "sources: [techspot-aws\naws_deal_term", "invalid YAML: the '[' is never closed (close it "
                           "with ']' at the end of the line)", "["),
    "a letter in a number cell": ("data/datasets/commitments.csv", ",38,", ",38x,",
                                  "column 'usd_bn' must be a number such as 38 or 4.5, got '38x'", "38x"),
    "a date with slashes": ("content/en/deal.md", "date: 2025-12-08", "date: 2025/12/08",
                            "'date' must be a date written YYYY-MM-DD, got '2025/12/08': write 2025-12-08 (first "
                            "published, YYYY-MM-DD)", None),
    "a date in a table as Japanese write it": ("data/datasets/commitments.csv", ",2025-11-03", ",2025年11月3日",
                                               "column 'announced' must be a date written YYYY-MM-DD, YYYY-MM, YYYY or "
                                               "YYYY-H1/H2, got '2025年11月3日': write 2025-11-03", "2025年"),
    "a figure with thousands separators": ("data/facts/deal.yaml", "value: 38e9", "value: 38,000,000,000",
                                           "'value' must be a number without thousands separators, got "
                                           "'38,000,000,000': write 38000000000", None),
    "a cell with a thousands separator, quoted": ("data/datasets/commitments.csv", ",38,", ',"1,038",',
                                                  "column 'usd_bn' must be a number without thousands separators, "
                                                  "got '1,038': write 1038", '"1,038"'),
    "a cell with a thousands separator": ("data/datasets/commitments.csv", ",38,", ",1,038,",
                                          "column 'usd_bn' has '1,038', whose commas separate cells (write 1038, "
                                          "without the thousands separators)", "1,038"),
    "a cell with a space between thousands": ("data/datasets/commitments.csv", ",38,", ",1 038,",
                                              "column 'usd_bn' must be a number without thousands separators, got "
                                              "'1 038': write 1038", "1 038"),
    "a fact's value left empty": ("data/facts/deal.yaml", "value: 38e9", "value:",
                                  "'value' is empty (write the figure after it, e.g. value: 38e9)", None),
}


@pytest.mark.parametrize("case", SLIPS)
def test_a_slip_is_told_at_its_place_with_what_to_type(case: str, make_project, capsys) -> None:
    rel, old, new, said, at = SLIPS[case]
    root = make_project()
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous build\n", encoding="utf-8")
    before = tree_of(root / "site")
    number, line = _replace(root, rel, old, new)
    place = f"{rel}:{number}" + (f":{line.index(at) + 1}" if at else "")
    assert main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{place}: error: {said}\n" in err, err
    assert err.count(": error: ") == 1, err
    assert tree_of(root / "site") == before


@pytest.mark.parametrize(("key", "typed"), [("date", "{d}.{m}.{y}"), ("updated", "{d}/{m}/{y}"),
                                            ("updated", "{m}/{d}/{y}"), ("date", "{m}/{d}/{y}")])
def test_a_date_written_day_or_month_first_is_told_the_iso_date(key: str, typed: str, make_project, capsys) -> None:
    """'08.12.2025' or '29/11/2026' was only 'must be a date written YYYY-MM-DD'; the date meant is said, and
    for '12/8/2025' (December 8 or 12 August) both readings."""
    root = make_project()
    rel = "content/en/deal.md"
    iso = (root / rel).read_text(encoding="utf-8").split(f"\n{key}: ")[1][:10]
    y, m, d = iso.split("-")
    number, _line = _replace(root, rel, f"{key}: {iso}", f"{key}: {typed.format(y=y, m=m, d=d)}")
    readings = [iso] if "." in typed or int(d) > 12 else [iso, f"{y}-{d}-{m}"][::1 if typed[1] == "m" else -1]
    meant = f"{readings[0]} if the month is first, {readings[1]} if the day is" if readings[1:] else iso
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(
        f"{rel}:{number}: error: '{key}' must be a date written YYYY-MM-DD, got '{typed.format(y=y, m=m, d=d)}': "
        f"write {meant} ("), errors


@pytest.mark.parametrize("typed", ["31.02.{y}", "02/31/{y}", "{y}/02/31", "{y}年2月30日"])
def test_a_date_that_does_not_exist_is_not_told_to_be_written(typed: str, make_project, capsys) -> None:
    """'31.02.2025' was told 'write 2025-02-31', a date no calendar has; such a slip gets the form to write only."""
    root = make_project()
    rel = "content/en/deal.md"
    iso = (root / rel).read_text(encoding="utf-8").split("\ndate: ")[1][:10]
    written = typed.format(y=iso[:4])
    number, _line = _replace(root, rel, f"date: {iso}", f"date: {written}")
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(
        f"{rel}:{number}: error: 'date' must be a date written YYYY-MM-DD, got '{written}'"), errors
    assert ": write " not in errors[0], errors


# A figure as another locale writes it (read by Babel as German does), or with its scale in words.
@pytest.mark.parametrize("typed", ["4,5", "38.000.000.000", "1.234,5", "380億", "1.4兆ドル", "$38 billion", "8 万人"])
def test_a_number_written_another_way_is_told_the_number_to_write(typed: str, make_project, capsys) -> None:
    """'4,5', '38.000.000.000' and '380億' were only 'must be a number such as 38e9 or 4.5' (and '380億'
    'in half-width digits', which it is): now with the number to write, equal to the one typed."""
    from babel.numbers import parse_decimal

    scales = {"億": 1e8, "兆": 1e12, "billion": 1e9, "万": 1e4}
    word = next((w for w in scales if w in typed), None)
    expected = float(typed.strip("$").split(word)[0].strip()) * scales[word] if word else \
        float(parse_decimal(typed, locale="de"))
    root = make_project()
    number, _line = _replace(root, "data/facts/deal.yaml", "value: 38e9", f"value: {typed}")
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"data/facts/deal.yaml:{number}: error: 'value' must be a "
                                                     f"number such as 38e9 or 4.5, got '{typed}': write "), errors
    assert float(errors[0].split(": write ")[1].split(",")[0]) == pytest.approx(expected)


def test_a_misspelt_glossary_key_is_one_error_at_the_key(make_project, capsys) -> None:
    """An entry's key misspelt ('gpu:' typed 'gpuu:') was an error at each entry whose 'see' names it
    (6 on the real glossary), each saying 'did you mean 'gpuu'?': the one name right, told to be wrong. It is
    one error at the key, with the name the others agree on."""
    import yaml

    text = (Path(__file__).parents[1] / "data/glossary.yaml").read_text(encoding="utf-8")
    referred = Counter(other for entry in yaml.safe_load(text).values() for other in entry.get("see", ()))
    key, times = referred.most_common(1)[0]
    assert times > 1
    root = make_project(files={"data/glossary.yaml": text})
    number, _line = _replace(root, "data/glossary.yaml", f"\n{key}:\n", f"\n{key}x:\n")
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == [f"data/glossary.yaml:{number + 1}: error: glossary entry '{key}x': {times} entries refer to "
                      f"'{key}', which no entry is, and none to '{key}x' (is the key misspelt? write {key}:)"]


def test_a_scale_word_in_a_column_with_a_scale_is_given_no_guess(make_project, capsys) -> None:
    """'380億' in a column of billions (scale: 1e9) could mean 380e8 dollars or 38 of the column's
    units: no number is guessed, and the example is written as the column writes it (38, not 38e9)."""
    root = make_project()
    meta = (root / "data/datasets/commitments.yaml").read_text(encoding="utf-8")
    scale = float(meta.split("usd_bn: {")[1].split("scale: ")[1].split(",")[0])
    assert scale != 1
    number, line = _replace(root, "data/datasets/commitments.csv", ",38,", ",380億,")
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"data/datasets/commitments.csv:{number}:{line.index(',380億,') + 2}: error: column 'usd_bn' "
                      f"must be a number such as {38e9 / scale:g} or 4.5, got '380億'"]


def test_a_misspelt_fact_key_is_one_error_at_the_key(make_project, capsys) -> None:
    """A fact's key misspelt ('aws_deal_value:' typed 'aws_deal_valeu:') was an error at each use of the right name
    (13 on the real site: pages, titles, data/key_numbers.yaml), each saying 'did you mean 'aws_deal_valeu'?'. It is
    one error at the key, with the name the uses agree on; with .cache/ as without, also after a page names the
    typo too (then each use is told again: either may be meant)."""
    import re

    def prose(text: str) -> str:        # the text outside fenced code (where a shortcode is one, if not escaped)
        return "".join(part for index, part in enumerate(re.split(r"^(?:```|~~~).*$", text, flags=re.M))
                       if index % 2 == 0)

    pages = sorted((SITES / "valid" / "content").rglob("*.md"))
    used = Counter(name for page in pages for name in re.findall(r"(?<!\\)\{\{ fact (\w+)",
                                                                  prose(page.read_text(encoding="utf-8"))))
    key = used.most_common(1)[0][0]
    typo = key[:-2] + key[-1] + key[-2]
    rows = "pages: [index]\nnumbers:\n  - fact: {}\n    label: {{ja: 額, en: value}}\n"
    root = make_project(files={"data/key_numbers.yaml": rows.format(key)})
    facts = root / "data/facts/deal.yaml"
    lines = facts.read_text(encoding="utf-8").split("\n")
    number = lines.index(f"{key}:") + 1
    facts.write_text("\n".join(f"{typo}:" if line == f"{key}:" else line for line in lines), encoding="utf-8")

    def errors(*options: str) -> list[str]:
        assert main(["--root", str(root), "check", *options]) == 1
        return sorted(line for line in capsys.readouterr().err.splitlines() if ": error: " in line)

    expected = [f"data/facts/deal.yaml:{number}: error: fact '{typo}': {used[key] + 1} uses refer to '{key}', "
                f"which no fact is, and none to '{typo}' (is the key misspelt? write {key}:)"]
    assert errors() == errors() == errors("--no-cache") == expected
    page = next(page for page in pages if f"{{{{ fact {key}" in page.read_text(encoding="utf-8"))
    with (root / page.relative_to(SITES / "valid")).open("a", encoding="utf-8") as text:
        text.write(f"\nAnd {{{{ fact {typo} }}}}.\n")
    told = errors()
    assert told == errors("--no-cache")
    assert len(told) == used[key] + 1 and all(f"(did you mean '{typo}'?)" in line for line in told)


def test_brackets_in_japanese_prose_are_no_link(make_project, capsys) -> None:
    """A note in brackets followed by words in parentheses is prose, not a link typed full-width."""
    root = make_project()
    _replace(root, "content/ja/index.md", "[契約の解説](deal.md)", "［注］（本文を参照）と[契約の解説](deal.md)")
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err


def test_a_deleted_home_page_is_told_as_such(make_project, capsys) -> None:
    """content/ja/index.md deleted (its translation stamped, so no fallback takes its place): the build
    failed with 'link '../' in site/ja/deal/index.html leads nowhere (check the template or the link)'
    at every page, blaming templates nobody touched. It names the missing file, once; `status` still
    prints its table (the pairs are known), and a fallback in its place (the other home page an
    original) is no problem."""
    root = make_project()
    (root / "content" / "ja" / "index.md").unlink()
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "content/ja/index.md: error: the ja home page is missing, and every ja page links to it "
        "(restore content/ja/index.md, or write it)"]
    assert main(["--root", str(root), "status"]) == 0
    capsys.readouterr()
    english = root / "content" / "en" / "index.md"
    english.write_text("".join(line for line in english.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("source_hash:")), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_empty_page_or_one_of_front_matter_alone_is_told_what_to_write(lang: str, make_project, capsys) -> None:
    """An empty file was 'no front matter (start the file with a '---' line, ...)', of a file with nothing
    in it; a page of front matter alone was published as a title over nothing, without a word."""
    root = make_project()
    page = root / f"content/{lang}/deal.md"
    front = page.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    page.write_text(front, encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 0
    closing = front.count("\n")
    assert [line for line in capsys.readouterr().err.splitlines() if "no text" in line] == [
        f"content/{lang}/deal.md:{closing}: warning: the page has no text, only front matter (write the page's "
        "text on the lines after this '---')"]
    page.write_text("", encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if ": error: " in line] == [
        f"content/{lang}/deal.md:1:1: error: the file is empty (write a '---' line, the keys title, description and "
        "date, another '---' line and the text, or delete the file; python build.py new writes a page to fill)"]


@pytest.mark.parametrize("rel", ["data/glossary.yaml", "data/charts.yaml"])
def test_an_emptied_file_of_entries_is_one_error_not_a_glossary_published_empty(rel: str, make_project, capsys) \
        -> None:
    """data/glossary.yaml emptied (a failed save) built with exit 0: the glossary page published without an
    entry, and a warning 'no anchor '#gpu' in content/ja/glossary.md' at each link to an entry (136 on the
    real site); data/charts.yaml emptied, 'chart X has no caption' at each chart on each page (22)."""
    root = make_project("charts" if "charts" in rel else "valid")
    (root / rel).write_text("\n", encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if ": error: " in line or ": warning: " in line
            if "only-ja" not in line] == [     # the fixture's own warning
        f"{rel}:1: error: the file is empty (restore its entries with git checkout {rel}, or delete the file if "
        "the site has none)"]


def test_a_page_that_cannot_be_read_is_its_error_alone_not_the_key_numbers_too(make_project, capsys) -> None:
    """A date typo in content/ja/deal.md also gave 'data/key_numbers.yaml:1: warning: no page has the translation
    key 'deal'' (its row names the page that could not be read)."""
    root = make_project(files={"data/key_numbers.yaml": "pages: [deal]\nnumbers:\n  - fact: aws_deal_value\n"
                                                        "    label: {ja: 契約額, en: value}\n"})
    number, _ = _replace(root, "content/ja/deal.md", "date: 2025-12-08", "date: 2025-13-08")
    assert main(["--root", str(root), "check"]) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if ": error: " in line or "key_numbers" in line] \
        == [f"content/ja/deal.md:{number}: error: 'date' is not a valid date: '2025-13-08': month must be in 1..12 "
            "(first published, YYYY-MM-DD)"]


def test_a_page_renamed_in_one_language_is_named_as_the_translation_not_to_add(make_project, capsys) -> None:
    """content/ja/deal.md renamed keiyaku.md: 'content/ja/keiyaku.md: warning: no en translation (add
    content/en/keiyaku.md)', as content/en/deal.md, its translation, was said to be one whose original is gone."""
    root = make_project()
    (root / "content/ja/deal.md").rename(root / "content/ja/keiyaku.md")
    assert main(["--root", str(root), "check"]) == 0
    assert "content/ja/keiyaku.md: warning: no en translation: content/en/deal.md may be it, renamed (give the two " \
        "the same file name or translation_key)" in capsys.readouterr().err.splitlines()


def test_a_msgid_edited_in_the_catalogue_is_told_at_its_line(make_project, capsys) -> None:
    """Editing a .po entry's msgid (taking it for the text shown) failed at the template, 'interface
    string 'Source: %(publisher)s' is not in …messages.po (run: make messages)', which adds the entry
    again and leaves the edit behind. It is told at the edited msgid, with the template's words."""
    root = make_project()
    po = "locales/ja/LC_MESSAGES/messages.po"
    number, _line = _replace(root, po, 'msgid "Source: %(publisher)s"', 'msgid "Sources: %(publisher)s"')
    template = root / "templates" / "blocks" / "timeline.html"
    used = next(n for n, line in enumerate(template.read_text(encoding="utf-8").split("\n"), 1) if "Source: %(" in line)
    assert main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors[0] == (f"{po}:{number}: error: msgid 'Sources: %(publisher)s' is no interface string: "
                         f"templates/blocks/timeline.html:{used} writes 'Source: %(publisher)s' (put the msgid back "
                         "as the template writes it; change only the msgstr)"), errors


def test_a_root_link_to_nothing_is_quoted_as_written_at_its_start(make_project, capsys) -> None:
    """'[契約の解説](/ja/dela/)' was 'content/ja/index.md:7:59: error: link 'dela/' in site/ja/index.html
    leads nowhere (check the template or the link)': the link as the output writes it (relative), found
    at the end of the one written, and a template blamed. Now quoted as written, at its start."""
    root = make_project()
    number, line = _replace(root, "content/ja/index.md", "(deal.md)", "(/ja/dela/)")
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/ja/index.md:{number}:{line.index('/ja/dela/') + 1}: error: link '/ja/dela/' in "
                      "site/ja/index.html leads nowhere (check the link)"]


def test_a_list_or_quote_typed_with_the_input_method_on_is_a_warning_with_the_half_width_line(make_project,
                                                                                               capsys) -> None:
    """'－ 項目' (a list typed with the input method on) and '＞ 引用' (a quote) were published as text
    without a word, a list's lines run together into one paragraph. Each such line is a warning at its
    place, with the line typed half-width: where a paragraph starts, or in a run of two or more lines
    ('・' only in a run: a single '・注記' line shows as typed). Lines of prose, half-width lists and
    quotes (a full-width space after their marker included), and fenced code are left alone."""
    slips = ["－ 項目一", "ー　項目二", "-　項目三", "", "・AWS", "・Azure", "", "＞ 引用です", "", "＞＞　二重の引用"]
    fine = ["", "・単独の注記", "", "- 　半角の項目", "", "> 　半角の引用", "", "続く文が", "ー で始まる行。",
            "", "```", "・ a", "・ b", "```"]
    root = make_project()
    number, _line = _replace(root, "content/ja/deal.md", "## 他の契約との比較", "\n".join(
        [*slips, *fine, "", "## 他の契約との比較"]))
    assert main(["--root", str(root), "check"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "input method on" in line]
    expected = []
    for offset, line in enumerate(slips):
        if line:
            quote = line[0] == "＞"
            marker = line.split(line.lstrip("－ー-・＞　 ")[0])[0]
            meant = f"{'>' * marker.count('＞') if quote else '-'} {line[len(marker):]}"
            expected.append(f"content/ja/deal.md:{number + offset}:1: warning: a {'quote' if quote else 'list item'} "
                            f"typed with the input method on, so it is shown as text: '{line}' "
                            f"(type it half-width: {meant})")
    assert warned == expected
    assert main(["--root", str(root), "--strict", "check"]) == 1
    capsys.readouterr()


def test_no_line_of_the_sites_prose_is_taken_for_a_list_typed_with_the_input_method_on() -> None:
    """What Japanese prose really contains: no line of the site's pages, the fixtures' or the docs'
    Markdown is warned about."""
    from sitegen.diagnostics import Diagnostics
    from sitegen.load.fullwidth import report_full_width_markup

    from .conftest import REPO

    files = [*REPO.glob("content/**/*.md"), *REPO.glob("tests/**/content/**/*.md"), *REPO.glob("docs/*.md")]
    assert len(files) > 20
    diags = Diagnostics()
    for path in files:
        report_full_width_markup(path.read_bytes().decode("utf-8", "replace"), path.name, diags)
    assert [str(d) for d in diags.items if "input method on" in d.message] == []


def test_a_list_right_under_a_line_of_text_is_a_warning(make_project, capsys) -> None:
    """'It has three parts:' with '- compute' on the next line is a list in GitHub's and editors'
    previews; Python-Markdown ran the items into the paragraph as text, without a word. The first item
    is a warning at its line: after a line ending in a colon, or two items in a row. A line of a
    hard-wrapped sentence that starts '- ' once, a list after a blank line or a heading, and a list
    item's own continuation lines are no slip."""
    slips = {"It has three parts:": ["- compute", "- storage"], "契約は次のとおりです：": ["1. 計算資源"],
             "Two of them": ["* one", "* two"]}
    fine = ["A sentence wrapped before a dash", "- like this one, goes on.", "", "## Heading", "- a", "- b", "",
            "- item", "continued", "- item"]
    root = make_project()
    body = "\n".join([line for intro, items in slips.items() for line in ["", intro, *items, ""]] + fine)
    number, _line = _replace(root, "content/en/deal.md", "## Against", f"{body}\n\n## Against")
    assert main(["--root", str(root), "check"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "a list right under" in line]
    lines = (root / "content/en/deal.md").read_text(encoding="utf-8").split("\n")
    firsts = [next(n for n, line in enumerate(lines, 1) if n >= number and line == items[0])
              for items in slips.values()]
    assert warned == [f"content/en/deal.md:{n}:1: warning: a list right under a line of text, with no blank line "
                      "between, so it is shown as text in the paragraph (leave a blank line between the text and the "
                      "list)" for n in firsts]


@pytest.mark.parametrize("text", [" ?", "a: b\n?", "?   #"])
def test_a_value_ending_at_the_end_of_the_text_is_no_traceback(text: str) -> None:
    """A '?' key with no value ends where no line is: the check for a value cut by ' #' read past the
    last line (IndexError, a traceback) instead of letting the key's own error be told."""
    from sitegen.diagnostics import Diagnostics
    from sitegen.load.yamltext import parse_yaml

    diags = Diagnostics()
    parse_yaml(text, "data/x.yaml", 1, diags)
    assert [d.message for d in diags.items] == ["key '' is read as nothing, not as a name"]


@pytest.mark.parametrize(("typed", "hint"), [("{% blok title %}", "did you mean 'block'?"),
                                             ("{% prnt title %}", "did you mean 'print'?"),
                                             ("{% endfor %}", "no 'for' block is open here: check the tags above it")])
def test_a_misspelt_or_stray_template_tag_is_told_what_to_write(make_project, capsys, typed: str, hint: str) -> None:
    """'{% blok title %}' was 'template syntax: Encountered unknown tag 'blok'.', Jinja's words alone,
    with no fix; a stray '{% endfor %}' the same. The tag meant, or the block that is not open, is said."""
    root = make_project()
    template = root / "templates" / "base.html"
    lines = template.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "{% block" in line)
    lines[number - 1] = typed + lines[number - 1]
    template.write_text("\n".join(lines), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    tag = typed.split()[1]
    assert f"templates/base.html:{number}: error: template syntax: Encountered unknown tag '{tag}'. ({hint})" \
        in capsys.readouterr().err


def test_the_template_tags_named_are_every_tag_jinja_knows() -> None:
    """A misspelt tag is named from templating._TAGS, written out since Jinja's list is private: it
    lacked 'print' ('{% prnt x %}' was 'did you mean 'import'?'). Every tag Jinja's parser and the
    i18n extension (make_env's) take is in it, and each end tag in it ends one of them."""
    import jinja2.parser

    from sitegen.render.templating import _TAGS

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    tags = set(jinja2.parser._statement_keywords) | {tag for ext in env.extensions.values() for tag in ext.tags}
    assert tags <= set(_TAGS), sorted(tags - set(_TAGS))
    assert all(tag[3:] in _TAGS for tag in _TAGS if tag.startswith("end"))


@pytest.mark.parametrize(("old", "new"), [("## What OpenAI bought", "# What OpenAI bought"),
                                          ("## What OpenAI bought", "#What OpenAI bought"),
                                          ("### A heading that keeps", "#### A heading that keeps")])
def test_a_heading_at_the_titles_level_or_skipping_one_is_a_warning_with_the_heading_to_write(
        old: str, new: str, make_project, capsys) -> None:
    """'# Section' in the text (a second level-1 heading, and its id dropped from the contents) and a
    '####' right under a '##' built without a word; screen readers list headings by level, and the gap
    reads as a heading missing. Each is a warning at its line with the heading as it should be typed:
    the level under the heading above it (the title's, 1, above the first)."""
    root = make_project()
    number, line = _replace(root, "content/en/deal.md", old, new)
    lines = (root / "content/en/deal.md").read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    above = next((len(text) - len(text.lstrip("#")) for text in reversed(lines[body:number - 1])
                  if text.startswith("#")), 1)
    written = len(line) - len(line.lstrip("#"))
    said = "level 1, the page title's level" if written == 1 else \
        f"level {written} under a level-{above} heading, so level {above + 1} is skipped"
    assert main(["--root", str(root), "check"]) == 0
    warned = [text for text in capsys.readouterr().err.splitlines() if "heading '" in text]
    assert warned == [f"content/en/deal.md:{number}:1: warning: heading '{line}' is {said} (write "
                      f"'{'#' * max(2, above + 1)} {line.lstrip('#').strip()}')"]


def test_an_indented_line_of_hashes_is_text_not_a_heading() -> None:
    """Python-Markdown reads '#' at a line's start as a heading, space or not ('#1 priority'), and '  ## x'
    as text: 7411ad1 missed the first and warned at the second as at a heading skipping a level."""
    import markdown

    from sitegen.diagnostics import Diagnostics
    from sitegen.load.markdownslips import report_heading_levels

    lines = ["## A", "", "  #### indented", "", "#1 priority"]       # the one wrong: a second level 1
    diags = Diagnostics()
    report_heading_levels("\n".join(lines), "x.md", 1, diags)
    assert [d.location.line for d in diags.items] == [
        number for number, line in enumerate(lines, 1) if markdown.markdown(line).startswith("<h1>")]


def test_no_heading_of_the_sites_pages_is_at_the_titles_level_or_skips_one_nor_any_lang_wrong() -> None:
    """The real pages and the fixtures' (but a page without front matter, whose title is its '#')."""
    from sitegen.diagnostics import Diagnostics
    from sitegen.load.markdownslips import report_heading_levels, report_language_codes

    from .conftest import REPO

    files = [path for path in [*REPO.glob("content/**/*.md"), *REPO.glob("tests/**/content/**/*.md")]
             if path.read_bytes().startswith(b"---")]
    assert len(files) > 20
    diags = Diagnostics()
    for path in files:
        body = path.read_text(encoding="utf-8", errors="replace").split("\n---\n", 1)[-1]
        report_heading_levels(body, path.name, 1, diags)
        report_language_codes(body, path.name, 1, diags)
    assert [str(d) for d in diags.items] == []


@pytest.mark.parametrize("typed", ["glossary", "Glossary", "glossary/"])
def test_a_link_to_a_page_by_its_name_without_md_says_the_file_to_write(typed: str, make_project, capsys) -> None:
    """'[GPU](glossary)' (a page by its slug, as a wiki writes it) was 'link 'glossary' in
    site/en/deal/index.html leads nowhere (check the link)': now the file the editor meant."""
    root = make_project()
    number, line = _replace(root, "content/en/deal.md", "(glossary.md#gpu)", f"({typed})")
    meant = next(path.name for path in (root / "content/en").glob("*.md") if path.stem == typed.strip("/").lower())
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/en/deal.md:{number}:{line.index(f']({typed})') + 3}: error: link '{typed}' names a "
                      f"page, not its file (link a page by its file: did you mean '{meant}'?)"]


def test_a_link_that_leads_nowhere_is_found_at_the_link_not_at_the_same_words_before_it(make_project, capsys) -> None:
    """'[GPU](契約の中身)' (a page by its title) was told at the heading '## 契約の中身', the first place the
    words are, and said only 'check the link'. Now at the link, with the file to write."""
    root = make_project()
    title = (root / "content/ja/deal.md").read_text(encoding="utf-8").split("\ntitle: ")[1].split("\n")[0]
    number, line = _replace(root, "content/ja/deal.md", "(glossary.md#gpu)", f"({title})")
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/ja/deal.md:{number}:{line.index(f']({title})') + 3}: error: link '{title}' names a "
                      "page, not its file (link a page by its file: did you mean 'deal.md'?)"]


def _title(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8").split("\ntitle: ")[1].split("\n")[0].strip('"')


# What an editor types for a page, from its title: its start, a word misspelt, its start as a slug in capitals.
BY_TITLE = [("en", lambda title: " ".join(title.split()[:3])), ("ja", lambda title: title[:3]),
            ("en", lambda title: title.replace("deal", "dael")), ("ja", lambda title: title.replace("契約", "契約書")),
            ("en", lambda title: "-".join(title.upper().split()[:3]))]


@pytest.mark.parametrize(("lang", "typed"), BY_TITLE, ids=["start-en", "start-ja", "misspelt-en", "misspelt-ja",
                                                          "slug-en"])
def test_a_link_to_a_page_by_its_title_names_the_file_meant(lang: str, typed, make_project, capsys) -> None:
    """'[deal](The OpenAI–AWS deal)' was only 'leads nowhere (check the link; a page is linked by its file:
    [text](deal.md))', whatever page was meant. Each is said with the file, and the title it was found by."""
    root = make_project()
    title = _title(root, f"content/{lang}/deal.md")
    link = typed(title)
    assert link != title
    number, line = _replace(root, f"content/{lang}/index.md", "(deal.md)", f"({link})")
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/{lang}/index.md:{number}:{line.index(f']({link})') + 3}: error: link '{link}' "
                      f"leads to no page (link a page by its file: did you mean 'deal.md', titled '{title}'?)"]


@pytest.mark.parametrize("typed", ["openai-aws.md", "OpenAI-AWS-Deals.md", "OPENAI_AWS_DEAL.md"])
def test_a_link_to_a_near_miss_of_a_file_name_names_the_file(typed: str, make_project, capsys) -> None:
    """A file name cut short, in other capitals or with other separators: 'OPENAI_AWS_DEAL.md' was
    'check the file name under content/en/' (the closest name was compared letter case and all)."""
    root = make_project()
    for lang in ("ja", "en"):
        (root / f"content/{lang}/deal.md").rename(root / f"content/{lang}/openai-aws-deal.md")
        for page in (root / f"content/{lang}").glob("*.md"):
            page.write_text(page.read_text(encoding="utf-8").replace("(deal.md", "(openai-aws-deal.md"), "utf-8")
    number, line = _replace(root, "content/en/index.md", "(openai-aws-deal.md)", f"({typed})")
    assert main(["--root", str(root), "check"]) == 0
    warnings = [text for text in capsys.readouterr().err.splitlines() if ": warning: link" in text]
    assert warnings == [f"content/en/index.md:{number}:{line.index(f']({typed})') + 3}: warning: link to a page "
                        f"that does not exist: '{typed}' (did you mean 'openai-aws-deal.md'?)"]



# A '.md' link typed from a title: (language of the linking page, of the title, how it is typed from the title)
MD_BY_TITLE = [("en", "en", lambda title: title + ".md"),
               ("en", "en", lambda title: " ".join(title.split()[:3]) + ".md"),
               ("en", "en", lambda title: "-".join(title.lower().split()) + ".md"),
               ("en", "en", lambda title: title.replace(" the ", ": the ", 1) + ".md"),
               ("ja", "en", lambda title: title + ".md"), ("en", "ja", lambda title: title[:5] + ".md")]


@pytest.mark.parametrize(("lang", "title_lang", "typed"), MD_BY_TITLE,
                         ids=["whole", "start", "slug", "colon", "en-title-in-ja", "ja-title-in-en"])
def test_a_md_link_typed_from_a_title_names_the_file_meant(lang: str, title_lang: str, typed, make_project,
                                                            capsys) -> None:
    """'[x](What the deal contains.md)' was 'check the file name under content/en/' (a '.md' link was matched
    against file names only, though a link without '.md' was matched against titles too), and
    '[x](Timeline: OpenAI and AWS.md)' was published as a link to the scheme 'Timeline:' without a word.
    Each names the file, and the title it was found by (the other language's, in its words)."""
    root = make_project()
    title = _title(root, f"content/{title_lang}/deal.md")
    link = typed(title)
    number, line = _replace(root, f"content/{lang}/index.md", "(deal.md)", f"({link})")
    assert main(["--root", str(root), "check"]) == 0
    warnings = [text for text in capsys.readouterr().err.splitlines() if ": warning: link" in text]
    titled = f"titled '{title}'" if lang == title_lang else f"whose {title_lang} version is titled '{title}'"
    assert warnings == [f"content/{lang}/index.md:{number}:{line.index(f']({link})') + 3}: warning: link to a page "
                        f"that does not exist: '{link}' (did you mean 'deal.md', {titled}?)"]


def test_a_hint_by_title_follows_the_title_from_build_to_build(make_project, capsys) -> None:
    """A body is cached under a key without titles: a warning naming a page by its title, kept with it,
    named the old title after a retitle. Such a body is rendered again."""
    root = make_project()
    title = _title(root, "content/en/deal.md")
    _replace(root, "content/en/index.md", "(deal.md)", f"({title}.md)")
    for new in (title, f"{title} and what it does not"):
        _replace(root, "content/en/deal.md", f"title: {_title(root, 'content/en/deal.md')}\n", f"title: {new}\n")
        assert main(["--root", str(root)]) == 0
        assert f"(did you mean 'deal.md', titled '{new}'?)" in capsys.readouterr().err


def test_a_link_by_a_title_a_page_takes_later_is_told_as_by_a_build_without_the_cache(make_project, capsys) -> None:
    """A link without '.md' is compared with the pages' titles, which the body cache's key lacks: one that
    named no page was kept with no error, and after a page took that title a cached build still said
    nothing of it where a build without the cache names the file."""
    root = make_project()
    typed = "Nothing here by this name"
    _replace(root, "content/en/index.md", "(deal.md)", f"({typed})")
    main(["--root", str(root)])
    capsys.readouterr()
    _replace(root, "content/en/deal.md", f"title: {_title(root, 'content/en/deal.md')}\n", f"title: {typed}\n")
    said = [(main(["--root", str(root), *extra]), capsys.readouterr().err) for extra in ([], ["--no-cache"])]
    assert said[0] == said[1]
    assert "did you mean 'deal.md'" in said[1][1]


def test_a_misspelt_link_into_the_other_language_names_that_languages_page(make_project, capsys) -> None:
    """'../ja/dael.md' from an English page: the near names are the Japanese pages' (017a7cd compared it
    with the English ones, and said only 'check the file name under content/ja/')."""
    root = make_project()
    meant = "../ja/deal.md"
    assert (root / "content/en" / meant).resolve().is_file()
    typed = meant.replace("deal", "dael")
    number, line = _replace(root, "content/en/index.md", "(deal.md)", f"({typed})")
    assert main(["--root", str(root), "check"]) == 0
    warnings = [text for text in capsys.readouterr().err.splitlines() if ": warning: link" in text]
    assert warnings == [f"content/en/index.md:{number}:{line.index(f']({typed})') + 3}: warning: link to a page "
                        f"that does not exist: '{typed}' (did you mean '{meant}'?)"]

# (the file linked, renamed to): an apostrophe in a name too (ffdaa81 cut the name said at it: 'static/img/o').
@pytest.mark.parametrize(("linked", "renamed"), [("aws-deal-chart.svg", "deal-chart.svg"),
                                                 ("o'neil-chart.svg", "o'neill-chart.svg")])
def test_a_renamed_image_names_the_file_there_now(linked: str, renamed: str, make_project, capsys) -> None:
    """An image renamed in static/ (or its name misspelt in the link) was 'there is no static/img/…: add the
    file or fix the link'; the file beside it with the closest name is said, as the link would write it."""
    root = make_project()
    (root / "static/img").mkdir()
    (root / "static/img" / linked).write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    number, line = _replace(root, "content/en/deal.md", "Text.", f"![The deal](/img/{linked})")
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err
    (root / "static/img" / linked).rename(root / "static/img" / renamed)
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    now = next((root / "static/img").iterdir()).name
    assert errors == [f"content/en/deal.md:{number}:{line.index('/img/') + 1}: error: link '/img/{linked}' "
                      f"in site/en/deal/index.html leads nowhere (there is no static/img/{linked}; "
                      f"static/img/{now} is there: did you mean '/img/{now}'?)"]


def test_a_date_in_the_future_is_a_warning_at_its_line(make_project, capsys, monkeypatch) -> None:
    """'updated: 2062-11-29' for 2026 (a year typed wrong) built without a word, and the feed put the
    page first for decades. A date or an update more than two days after today (an editor in Tokyo and CI
    in UTC see different days) is a warning at its line (SOURCE_DATE_EPOCH, as for 'new', sets today); two
    days ahead is none."""
    import datetime as dt

    root = make_project()
    text = (root / "content/en/deal.md").read_text(encoding="utf-8")
    updated = dt.date.fromisoformat(text.split("\nupdated: ")[1].split("\n")[0])
    now = updated - dt.timedelta(days=3)         # two days' leeway: the editor's and CI's time zones
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(now.year, now.month, now.day, tzinfo=dt.UTC)
                                                     .timestamp())))
    assert main(["--root", str(root), "check"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "in the future" in line]
    near = now + dt.timedelta(days=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(near.year, near.month, near.day, tzinfo=dt.UTC)
                                                     .timestamp())))
    assert main(["--root", str(root), "check"]) == 0
    assert "in the future" not in capsys.readouterr().err
    dated = {rel: lines.index(f"updated: {updated}") + 1 for rel in sorted(
        f"content/{path.parent.name}/{path.name}" for path in root.glob("content/*/*.md"))
        if f"updated: {updated}" in (lines := (root / rel).read_text(encoding="utf-8").split("\n"))}
    assert [line.split(": warning: ")[0] for line in warned] == [f"{rel}:{number}" for rel, number in dated.items()]
    assert warned[0].endswith(f": warning: 'updated' ({updated}) is in the future (today is {now}, from "
                              f"SOURCE_DATE_EPOCH) (a typo? the feed and the page would say it changed then: write "
                              "the day it was; or set SOURCE_DATE_EPOCH to the last commit's time "
                              "(git log -1 --format=%ct), or unset it)")


ADDRESS_SLIPS = {"": ("a link with no address", "write the page's file, as (deal.md), or a URL in the parentheses"),
                 "htps://example.org/": ("link 'htps://example.org/' starts with 'htps:', which browsers do not open",
                                         "did you mean 'https:'?"),
                 "mailo:desk@example.org": ("link 'mailo:desk@example.org' starts with 'mailo:', which browsers do "
                                            "not open", "did you mean 'mailto:'?"),
                 "www.example.org": ("link 'www.example.org' is no web address",
                                     "write it whole: https://www.example.org"),
                 "https//example.org": ("link 'https//example.org' is no web address",
                                        "write it whole: https://example.org")}


@pytest.mark.parametrize("typed", ADDRESS_SLIPS)
def test_a_link_without_an_address_or_with_one_misspelt_is_told_what_to_write(typed: str, make_project,
                                                                               capsys) -> None:
    """'[GPU]()' (the address left for later) published a link to the page itself, 'htps://…' and
    'mailo:…' links that no browser opens, all without a word; 'www.example.org' was 'leads nowhere
    (there is no static/en/deal/www.example.org…)'. Each is an error at the link, with what to write."""
    said, hint = ADDRESS_SLIPS[typed]
    root = make_project()
    number, line = _replace(root, "content/en/deal.md", "(glossary.md#gpu)", f"({typed})")
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    column = line.index(typed) if typed else line.index("]()")
    assert errors == [f"content/en/deal.md:{number}:{column + 1}: error: {said} ({hint})"]


@pytest.mark.parametrize(("typed", "hint"), [("*AWS*{: lang=jp }", "did you mean 'ja'?"),
                                             ('<span lang="en_US">AWS</span>', "did you mean 'en-US'?"),
                                             ("<span lang='jpn'>AWS</span>", "write the language's code (BCP 47): "
                                                                             "ja for Japanese, en for English")])
def test_a_lang_that_names_no_language_is_a_warning_with_the_code_to_write(typed: str, hint: str, make_project,
                                                                           capsys) -> None:
    """'{: lang=jp }' (Japan's code, not Japanese's) and 'en_US' (a locale's spelling; HTML's is 'en-US')
    built without a word, and screen readers read the words with the page's own voice. A warning at the
    code, with the code meant."""
    root = make_project()
    number, line = _replace(root, "content/en/deal.md", "Text.", typed)
    code = typed.split("lang=")[1].strip("\"'").split("\"")[0].split("'")[0].split(" ")[0]
    assert main(["--root", str(root), "check"]) == 0
    warned = [text for text in capsys.readouterr().err.splitlines() if "language code" in text]
    assert warned == [f"content/en/deal.md:{number}:{line.index(code) + 1}: warning: '{code}' is not a language "
                      f"code ({hint})"]


@pytest.mark.parametrize("typed", ["{#other deals}", "{: #other big deals }"])
def test_a_heading_id_with_a_space_is_told_with_the_one_word_to_write(typed: str, make_project, capsys) -> None:
    """'## Against the other deals {#other deals}' made <h2 deals id="other">: the id cut at the space (links
    to '#other-deals' lead nowhere) and a stray attribute the HTML checker rejects; the build said only, with
    no line, that the headings differ from the translation's. An error at the braces with the id meant."""
    root = make_project()
    number, line = _replace(root, "content/en/deal.md", "{#others}", typed)
    words = typed.strip("{}: ").lstrip("#").split()
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/en/deal.md:{number}:{line.index(typed) + 1}: error: the id in '{typed}' has a space, "
                      f"so it is '{words[0]}' (an id is one word: {{#{'-'.join(words)}}})"]


def test_a_footnote_defined_twice_is_told_at_the_second_with_a_free_label(make_project, capsys) -> None:
    """Two notes both labelled '[^1]' (the second pasted from the first) built without a word, and the page
    showed only the second: the first note was lost. An error at the second, naming the first's line and
    a label no note has."""
    root = make_project()
    text = (root / "content/ja/deal.md").read_text(encoding="utf-8")
    definition = next(line for line in text.split("\n") if line.startswith("[^"))
    label = definition.split("]")[0] + "]"
    number, _line = _replace(root, "content/ja/deal.md", definition, f"{definition}\n{label}: 二つ目の脚注。")
    labels = {line.split("]")[0][2:] for line in text.split("\n") if line.startswith("[^")}
    free = next(str(n) for n in range(1, 99) if str(n) not in labels)
    assert main(["--root", str(root), "check"]) == 1
    errors = [text for text in capsys.readouterr().err.splitlines() if ": error: " in text]
    assert errors == [f"content/ja/deal.md:{number + 1}:1: error: footnote '{label}' is defined twice (also at line "
                      f"{number}), and the page shows only this one (give each note its own label, as [^{free}], in "
                      "the text and here)"]


def test_headings_that_differ_from_the_original_name_the_line_of_its_id(make_project, capsys) -> None:
    """'headings differ from content/ja/deal.md: no #others here' named no line of either file: the editor
    searched the original for the id. The hint now names the original's line that writes it."""
    root = make_project()
    _replace(root, "content/en/deal.md", "{#others}", "{#elsewhere}")
    original = (root / "content/ja/deal.md").read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(original, 1) if "{#others}" in line)
    assert main(["--root", str(root), "check"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "headings differ" in line]
    assert warned == ["content/en/deal.md: warning: headings differ from content/ja/deal.md: no #others here (give "
                      f"translated headings the same {{#id}} as the original's: content/ja/deal.md:{number} has "
                      "{#others})"]
