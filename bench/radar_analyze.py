"""Analysis throughput: articles/s end to end (extraction, language, linking against 100,000
tracked names, signals; no NER) against extraction alone, in the same run, on one core.

    python bench/radar_analyze.py [--names 100000] [--rounds 5]

With the ``ner`` extra installed, further runs add NER for candidate names: Russian (natasha, on
the Russian pages), English (spaCy's en_core_web_sm, on the English pages) and both, as the
radar runs them. NER runs are measured after a warm-up pass that loads the models.

Articles: the tuning set's and held-out set 1's texts (English and Russian) and the seed page, each wrapped in
a news page with a menu, related links and a footer (2–6 KB of HTML), so extraction does real
work. Names: synthetic organisations of the demo generator with their aliases and people
(Latin and Cyrillic), until the gazetteer holds the asked number of names. Reference: the issue
asks for at least 30 articles/s end to end on one core, and the ratio to extraction alone.
Pin to one core with `taskset -c 0` where it exists (the script does it itself on Linux).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")

import django  # noqa: E402

django.setup()

from softlanding.core.synthetic import iter_organizations  # noqa: E402
from softlanding.radar import analysis  # noqa: E402
from softlanding.radar.analysis import NameEntry  # noqa: E402

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | News</title>
<meta property="article:published_time" content="2020-08-1{n}T08:00:00Z"></head><body>
<header><nav><ul>{menu}</ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{paragraphs}</article>
<aside><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><p>© 2020 News. All rights reserved.</p><ul>{menu}</ul></footer></body></html>"""
MENU = "".join(
    f'<li><a href="/{w.lower()}">{w}</a></li>'
    for w in [
        "World",
        "Belarus",
        "Russia",
        "Ukraine",
        "Kazakhstan",
        "Georgia",
        "Business",
        "Tech",
        "Opinion",
        "Video",
    ]
)
RELATED = "".join(
    f'<li><a href="/story/{i}">Another story about markets and weather number {i}</a></li>'
    for i in range(8)
)


def pages() -> list[str]:
    folder = ROOT / "tests/radar/data/labelled"
    texts = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    texts += json.loads((folder / "holdout.json").read_text(encoding="utf-8"))
    out = []
    for i, item in enumerate(texts):
        title, _, body = item["text"].partition("\n")
        # Real articles are longer than the labelled snippets: repeat the body as paragraphs.
        paragraphs = "".join(f"<p>{body}</p>" for _ in range(4))
        out.append(
            PAGE.format(
                lang=item["lang"],
                title=title,
                n=i % 10,
                menu=MENU,
                related=RELATED,
                paragraphs=paragraphs,
            )
        )
    seed = (ROOT / "tests/radar/data/seed_eurasianet.txt").read_text(encoding="utf-8")
    out.append(
        PAGE.format(
            lang="en",
            title="Kazakhstan headhunts Belarusian IT developers",
            n=4,
            menu=MENU,
            related=RELATED,
            paragraphs="".join(f"<p>{p}</p>" for p in seed.split("\n") if p),
        )
    )
    return out


def tracked_names(count: int) -> list[tuple[NameEntry, str]]:
    out: list[tuple[NameEntry, str]] = []
    person_id = 0
    for i, org in enumerate(iter_organizations(organizations=count, people=count)):
        entry = NameEntry("organization", str(i + 1), org.name, country=org.country)
        out.append((entry, f"{org.name} {org.legal_form}".strip()))
        out.extend((entry, alias) for alias in org.aliases)
        for person in org.people:
            person_id += 1
            p_entry = NameEntry("person", str(person_id), f"{person.first_name} {person.last_name}")
            if person.last_name:
                out.append((p_entry, f"{person.first_name} {person.last_name}"))
            if getattr(person, "last_name_cyrillic", ""):
                out.append((p_entry, f"{person.first_name_cyrillic} {person.last_name_cyrillic}"))
        if len(out) >= count:
            break
    return out[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    html = pages()
    kb = sum(len(p.encode()) for p in html) / len(html) / 1024
    started = time.perf_counter()
    names = tracked_names(args.names)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    analyzer = analysis.default_analyzer(names)
    analyzer.gazetteer.build()
    built = time.perf_counter() - started
    print(
        f"pages: {len(html)} (mean {kb:.1f} KB of HTML); names: {len(names)} "
        f"(gazetteer keys {analyzer.gazetteer.size}), generated in {generated:.1f} s, "
        f"automaton built in {built:.1f} s"
    )
    # Warm up both paths (lazy model loads, caches of word keys).
    for page in html:
        analyzer.analyze(analysis.extract_html(page))
    n = len(html) * args.rounds
    started = time.perf_counter()
    for _ in range(args.rounds):
        for page in html:
            analysis.extract_html(page)
    extract_only = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(args.rounds):
        for page in html:
            analyzer.analyze(analysis.extract_html(page))
    end_to_end = time.perf_counter() - started
    linked = sum(len(analyzer.analyze(analysis.extract_html(p)).organizations()) for p in html)
    print(
        f"extraction alone:   {n / extract_only:7.1f} articles/s ({extract_only / n * 1000:.1f} ms each)"
    )
    print(
        f"end to end:         {n / end_to_end:7.1f} articles/s ({end_to_end / n * 1000:.1f} ms each)"
    )
    print(f"ratio end to end / extraction alone: {end_to_end / extract_only:.2f}x the time")
    print(
        f"analysis beyond extraction: {(end_to_end - extract_only) / n * 1000:.2f} ms per article"
    )
    print(f"tracked organisations linked over one pass: {linked}")
    from softlanding.radar import ner

    english = sum(1 for p in html if 'lang="en"' in p)
    russian = sum(1 for p in html if 'lang="ru"' in p)
    runs = [
        ("Russian NER", {"ru": ner.russian_candidates}, ner.available(), "natasha", russian),
        ("English NER", {"en": ner.english_candidates}, ner.english_available(), "spaCy", english),
        (
            "both NERs",
            ner.finders(),
            ner.available() and ner.english_available(),
            "both",
            len(html),
        ),
    ]
    for label, finders, installed, tool, pages_run in runs:
        if not installed:
            print(f"with {label + ':':13} {tool} not installed")
            continue
        with_ner = analysis.Analyzer(analyzer.gazetteer, analyzer.rules, finders)
        started = time.perf_counter()
        for page in html:  # warm-up: the model loads on first use
            with_ner.analyze(analysis.extract_html(page))
        warm_up = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(args.rounds):
            for page in html:
                with_ner.analyze(analysis.extract_html(page))
        ner_time = time.perf_counter() - started
        print(
            f"with {label + ':':13} {n / ner_time:7.1f} articles/s ({ner_time / n * 1000:.1f} ms each;"
            f" NER runs on {pages_run} of {len(html)} pages; warm-up pass"
            f" {warm_up:.1f} s, model load included the first time)"
        )
    print(f"machine load (uptime): {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print("reference: the issue asks >= 30 articles/s end to end on one core")


if __name__ == "__main__":
    main()
