#!/usr/bin/env python3
"""English typography's cost: each English page rendered with the lean smarty step
(sitegen/render/smartquotes.py) and with Python-Markdown's own smarty step, in turn.

    python bench/smartquotes.py --pairs 1000        # the generated 2,002-page corpus
    python bench/smartquotes.py --real --rounds 21  # the real site's English pages
    python bench/smartquotes.py --apostrophes 10000 20000 40000   # one paragraph of n "It's": time against n

Both renderers live in one process and differ only in that step; every page is rendered by
both, one after the other, the order swapped from page to page, so that the machine's drift
under others' load hits both alike. Prints the medians over the rounds (the first one is a
warm-up) of the milliseconds an English page takes, whole and in the smarty step alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bodies import BENCH, generated_site, load_bodies

sys.path.insert(0, str(BENCH.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--real", action="store_true", help="the real site instead of the generated one")
    parser.add_argument("--rounds", type=int, default=4, help="passes over every English page, the first a warm-up")
    parser.add_argument("--apostrophes", type=int, nargs="+", metavar="N",
                        help="instead: the step alone on one paragraph of N apostrophes each (add --peer for smarty's)")
    parser.add_argument("--peer", action="store_true", help="with --apostrophes: smarty's own step too (slow)")
    args = parser.parse_args()
    if args.apostrophes:
        return apostrophes(args.apostrophes, args.rounds, args.peer)
    root = BENCH.parent if args.real else generated_site(args.pairs)
    from markdown.extensions.smarty import SmartyExtension

    from sitegen.render.markup import MarkdownRenderer
    from sitegen.render.typography import SMARTY_CONFIG

    site, render = load_bodies(root)
    renderers = {"lean": MarkdownRenderer("en"), "smarty": MarkdownRenderer("en")}
    SmartyExtension(**SMARTY_CONFIG).extendMarkdown(renderers["smarty"].md)    # smarty's own step back
    in_step = dict.fromkeys(renderers, 0.0)
    for name, renderer in renderers.items():
        step = renderer.md.treeprocessors["smarty"]
        step.run = _timed(step.run, name, in_step)

    pages = [page for page in site.pages if page.lang == "en"]
    whole: dict[str, list[float]] = {name: [] for name in renderers}
    alone: dict[str, list[float]] = {name: [] for name in renderers}
    for _ in range(args.rounds):
        spent = dict.fromkeys(renderers, 0.0)
        in_step.update(dict.fromkeys(renderers, 0.0))
        for index, page in enumerate(pages):
            for name in ("lean", "smarty") if index % 2 else ("smarty", "lean"):
                started = time.perf_counter()
                render(renderers[name], page)
                spent[name] += time.perf_counter() - started
        for name in renderers:
            whole[name].append(spent[name] / len(pages) * 1000)
            alone[name].append(in_step[name] / len(pages) * 1000)
    for name in renderers:
        print(f"{name:>6}: {statistics.median(whole[name][1:]):.2f} ms an English page, "
              f"{statistics.median(alone[name][1:]):.3f} ms of it in the smarty step "
              f"(medians of {args.rounds - 1} rounds over {len(pages)} pages)")


def apostrophes(counts: list[int], rounds: int, peer: bool) -> None:
    """The smarty step's median time on a paragraph of n "It's", and its ratio to the previous n:
    about n2/n1 when the step is linear, its square when quadratic."""
    from markdown import Markdown
    from markdown.extensions.smarty import SmartyExtension

    from sitegen.render.smartquotes import use_lean_smarty
    from sitegen.render.typography import SMARTY_CONFIG

    names = ("lean", "smarty") if peer else ("lean",)
    renderers = {name: Markdown(extensions=[SmartyExtension(**SMARTY_CONFIG)]) for name in names}
    use_lean_smarty(renderers["lean"])
    for name, renderer in renderers.items():
        in_step = {name: 0.0}
        step = renderer.treeprocessors["smarty"]
        step.run = _timed(step.run, name, in_step)
        previous = None
        for count in counts:
            times = []
            for _ in range(rounds):
                in_step[name] = 0.0
                renderer.reset()
                renderer.convert("It's " * count)
                times.append(in_step[name])
            median = statistics.median(times)
            ratio = f", x{median / previous[1]:.1f} for x{count / previous[0]:.1f} apostrophes" if previous else ""
            print(f"{name:>6}: {count} apostrophes in one paragraph: {median:.3f} s in the smarty step{ratio} "
                  f"(median of {rounds})")
            previous = (count, median)


def _timed(run, name: str, totals: dict[str, float]):
    def timed(root):
        started = time.perf_counter()
        result = run(root)
        totals[name] += time.perf_counter() - started
        return result
    return timed


if __name__ == "__main__":
    main()
