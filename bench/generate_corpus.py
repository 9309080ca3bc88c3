"""Write a synthetic review site for benchmarks: N pages x K citations, M BibTeX entries.

Usage: python bench/generate_corpus.py OUT [--pages 100] [--citations 20] [--entries 2000]
Writes, under OUT:
  docs/          pages with citations, tables with captions, cross-references, a References page
  docs-plain/    the same pages with every citation removed (what the content alone costs)
  bib/refs.bib   M entries, every one cited at least once when N x K >= M
  mkdocs.yml         the project's machinery (the living-review plugin, with its output checks)
  mkdocs-stock.yml   stock mkdocs-bibtex alone (what the machinery replaces)
  mkdocs-plain.yml   no citation plugin, on docs-plain/
All three have the hooks that are no citation machinery (SHARED_HOOKS), like the real site.
Deterministic: the same arguments write the same files.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
SHARED_HOOKS = ["template_cache"]  # not citation machinery: every variant has them
WORDS = ("ketamine analgesia receptor infusion dose patient chronic pain opioid trial effect plasma "
         "neuropathic relief sedation hepatic renal clearance placebo outcome randomized cohort").split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--citations", type=int, default=20)
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    generate(args.out, args.pages, args.citations, args.entries)


def generate(out: Path, pages: int, citations: int, entries: int) -> None:
    rng = random.Random(f"{pages}x{citations}x{entries}")
    keys = [f"author{i:05d}" for i in range(entries)]
    for folder in ("docs", "docs-plain", "bib"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "bib" / "refs.bib").write_text("".join(_entry(key, rng) for key in keys), encoding="utf-8")
    nav = []
    for number in range(1, pages + 1):
        name = f"{number:03d}-page.md"
        # In turn through the bibliography, so that every entry is cited once N x K reaches M.
        cited = [keys[((number - 1) * citations + j) % entries] for j in range(citations)]
        text = _page(number, pages, cited, rng.sample(keys, 3), rng)
        (out / "docs" / name).write_text(text, encoding="utf-8")
        (out / "docs-plain" / name).write_text(re.sub(r" \[@[^\]]+\]", "", text), encoding="utf-8")
        nav.append(name)
    references = "# References\n\n\\full_bibliography\n"
    (out / "docs" / "999-references.md").write_text(references, encoding="utf-8")
    (out / "docs-plain" / "999-references.md").write_text("# References\n\nNo citations.\n", encoding="utf-8")
    nav.append("999-references.md")
    # Sections of 20 pages, pruned as a large site would be: Material otherwise writes the whole
    # nav into every page, a cost quadratic in the number of pages, with or without citations.
    sections = "".join(f"  - Part {i // 20 + 1}: [{', '.join(nav[i:i + 20])}]\n" for i in range(0, len(nav), 20))
    base = ("site_name: Synthetic review\ntheme:\n  name: material\n  font: false\n"
            "  features: [navigation.prune]\n"
            "markdown_extensions: [attr_list, footnotes, tables, toc]\n"
            f"nav:\n{sections}")
    bibtex = ("  bibtex:\n    bib_dir: bib\n    bib_by_default: {by_default}\n"
              "    enable_inline_citations: false\n")
    # The output checks (allowlist, CSP, escaping, source rules) are no citation machinery, but only
    # our variant has them: its ratios then include what checking the output costs.
    (out / "mkdocs.yml").write_text(base + "plugins:\n  search: {}\n  living-review: {}\n" + _hooks(SHARED_HOOKS))
    (out / "mkdocs-stock.yml").write_text(base + "plugins:\n  search: {}\n" + bibtex.format(by_default="true")
                                          + _hooks(SHARED_HOOKS))
    (out / "mkdocs-plain.yml").write_text(base.replace("theme:", "docs_dir: docs-plain\ntheme:")
                                          + "plugins:\n  search: {}\n" + _hooks(SHARED_HOOKS))


def _hooks(names: list[str]) -> str:
    return "hooks:\n" + "".join(f"  - {HOOKS / name}.py\n" for name in names)


def _entry(key: str, rng: random.Random) -> str:
    authors = " and ".join(f"{rng.choice(WORDS).capitalize()}{rng.randint(1, 99)}, {rng.choice('ABCDEFGH')}. "
                           f"{rng.choice('JKLMNP')}." for _ in range(rng.randint(1, 8)))
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
    first, journal = rng.randint(1, 900), rng.choice(WORDS).capitalize()
    return (f"@article{{{key},\n  author = {{{authors}}},\n  title = {{{title} in {{NMDA}} studies}},\n"
            f"  journal = {{Journal of {journal} Research}},\n  year = {{{rng.randint(1960, 2025)}}},\n"
            f"  volume = {{{rng.randint(1, 120)}}},\n  number = {{{rng.randint(1, 12)}}},\n"
            f"  pages = {{{first}--{first + rng.randint(3, 20)}}},\n"
            f"  doi = {{10.{rng.randint(1000, 9999)}/{key}}}\n}}\n\n")


def _page(number: int, pages: int, cited: list[str], elsewhere: list[str], rng: random.Random) -> str:
    """`cited` in the prose, and in the table `elsewhere`: works that other pages cite too."""
    lines = [f"---\ndescription: Synthetic page {number}.\n---\n", f"# Page {number}\n"]
    for index, key in enumerate(cited):
        if index % 5 == 0:
            lines.append(f"\n## Section {number}.{index // 5 + 1} {{#s{number}-{index // 5 + 1}}}\n")
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize()
        lines.append(f"{sentence} [@{key}].")
    other = rng.randint(1, pages)
    lines.append(f"\nSee [@tbl:t{number}] and [@tbl:t{other}].\n")
    lines.append(f"Table: Doses on page {number} [@{cited[0]}]. {{#tbl:t{number}}}\n")
    rows = "".join(f"| IV | {i} mg [@{key}] |\n" for i, key in enumerate(elsewhere))
    lines.append("| Route | Dose |\n|---|---|\n" + rows)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
