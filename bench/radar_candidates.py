"""Precision and recall of the candidate names the radar offers scouts, on English texts.

    python bench/radar_candidates.py [--errors]

The set (tests/radar/data/candidates/english.json): 20 English article-like texts written for it,
each naming organisations and people the labelled registry does not track, next to tracked ones,
places, news outlets and state bodies that must not be offered. The expected names were written
down with the texts, before the English NER existed; the name clean-up (kind by suffix, a span cut
at a line break or a common word) was then written after reading spaCy's output on them, so the
set is not blind. Scored over (article, kind, name) triples, a name counting only when it is
exact (case and spacing aside). Two runs: the cue patterns alone (no English NER installed) and
with English NER (spaCy, en_core_web_sm 3.8.0). Then what each offers on the English texts of
the signal set (tests/radar/data/labelled), which name no untracked prospect: noise only.
Reference: the issue asks for candidates, no floor.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from softlanding.radar import ner  # noqa: E402
from softlanding.radar.analysis import Analyzer, default_analyzer, extract_text  # noqa: E402
from softlanding.radar.quality import Counts, registry_entries  # noqa: E402

KINDS = {"organization": "organizations", "person": "persons"}


def norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def score(
    articles: list[dict[str, Any]], analyzer: Analyzer
) -> tuple[dict[str, Counts], list[str]]:
    counts = {kind: Counts() for kind in KINDS}
    errors = []
    for article in articles:
        result = analyzer.analyze(extract_text(article["text"]))
        for kind in KINDS:
            expected = {norm(n) for n in article[KINDS[kind]]}
            got = {norm(c.name) for c in result.candidates if c.kind == kind}
            counts[kind].add(expected, got)
            if expected != got:
                errors.append(
                    f"{article['id']} {kind}: missed {sorted(expected - got)}, extra {sorted(got - expected)}"
                )
    return counts, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every article that differs")
    args = parser.parse_args()
    data = json.loads((ROOT / "tests/radar/data/candidates/english.json").read_text("utf-8"))
    registry = json.loads((ROOT / "tests/radar/data/labelled/registry.json").read_text("utf-8"))
    articles = data["articles"]
    cues = default_analyzer(registry_entries(registry))
    runs = [("cue patterns alone", cues)]
    if ner.english_available():
        runs.append(
            (
                "with English NER",
                Analyzer(cues.gazetteer, cues.rules, {"en": ner.english_candidates}),
            )
        )
    else:
        print("English NER: spaCy or the model is not installed (the ner extra)")
    for label, analyzer in runs:
        started = time.perf_counter()
        counts, errors = score(articles, analyzer)
        elapsed = time.perf_counter() - started
        print(f"\n== {label}: {len(articles)} articles ({elapsed:.2f} s, model load included)")
        print(f"{'':14} {'P':>6} {'R':>6} {'F1':>6}  tp fp fn")
        total = Counts()
        for kind in KINDS:
            c = counts[kind]
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
            print(f"{kind:14} {c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f}  {c.tp} {c.fp} {c.fn}")
        print(
            f"{'both':14} {total.precision:6.2f} {total.recall:6.2f} {total.f1:6.2f}  {total.tp} {total.fp} {total.fn}"
        )
        if args.errors:
            print("\n".join(errors))
    # The labelled set's English texts name no untracked prospect: whatever is offered is noise.
    labelled = [
        a
        for name in ("articles", "holdout", "holdout2")
        for a in json.loads((ROOT / f"tests/radar/data/labelled/{name}.json").read_text("utf-8"))
        if a["lang"] == "en"
    ]
    for label, analyzer in runs:
        offered = [
            f"{a['id']} {c.kind}: {c.name}"
            for a in labelled
            for c in analyzer.analyze(extract_text(a["text"])).candidates
        ]
        print(
            f"\n{label}, on the {len(labelled)} English texts of the labelled set (no untracked"
            f" prospect named there): {len(offered)} candidates offered"
        )
        print("\n".join(offered))


if __name__ == "__main__":
    main()
