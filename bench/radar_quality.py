"""Signal, country and organisation quality of the radar's analysis on the labelled set.

    python bench/radar_quality.py [--errors] [--folder tests/radar/data/labelled]

The set: short article-like texts written for it (English and Russian, about half each,
with negatives and hard cases: denials, sports "protests", places without events). The rules
were tuned on ``articles.json``. ``holdout.json`` was written after they were frozen and first
scored signal recall 0.11: the rules knew only the phrasings they were tuned on. The rules then
grew from the CAMEO, ACLED and Access Now vocabularies (so set 1 is no longer blind) and were
frozen again before ``holdout2.json`` was written: set 2's figures are the honest ones (signal
recall 0.39). The tuning set then grew by 24 texts (en34-45, ru34-45: other phrasings of
shutdowns, visa and tax changes, offers, departures) and the lexicon with them, set 2's texts
unread: recall 0.44 on set 2. ``holdout3.json`` (40 texts, 20 English and 20 Russian, 8
negatives) was written blind on 2026-12-02 by someone who never read the rules or the lexicon
and never ran the analyser on its texts before it was committed: set 3 is the blind one now.
Then the rules became compositional (lexicons of topics and events in one clause, negators,
modals, ``unless``), written on 256 new tuning texts (en46-174, ru46-174, in batches, each
scored before any rule was tuned on it); sets 2 and 3 unread, scored once when the rules were
frozen: set 2 P 1.00 / R 0.67 (recall was 0.44), set 3 P 0.69 / R 0.87. Then, for precision,
``dampers`` (a retrospective, a move inside one country, an advice column, an offer with no
foreign target or to locals, pressure with no company object or for ordinary crime, a visa or
tax named with no change) and per-type floors, written on 108 new tuning texts (en175-228,
ru175-228, three batches, each scored before tuning on it); held-out sets unread until the
rules were frozen, then scored once. Per signal type:
precision and recall over (article, type) pairs. Countries and tracked organisations:
micro-averaged over (article, item) pairs. Reference: the issue asks for the figures, no
floor; tests/radar/test_quality.py keeps them above the floors written there.
``holdout4.json`` (40 texts, 20 English and 20 Russian, 10 hard negatives) was written blind on
2026-12-02, before the precision pass's rules were frozen, by someone who never read the rules.
Signal countries: en01-60 and ru01-60 of the tuning set and all of sets 3 and 4 carry
``signal_countries`` (the [type, country] pairs: where it happens, the country left, the one
making the offer or changing its rules), labelled without reading the rules; "signal (type,
country)" is scored over those articles. The rule that a departure goes to the country named
by its people or after "from"/"из", and an offer to the one named by name, was written on the
120 tuning articles (pairs P 0.74 / R 0.88 → 0.87 / 0.93), then sets 3 and 4 scored once:
set 3 0.61 / 0.82 → 0.63 / 0.82, set 4 0.49 / 0.70 → 0.57 / 0.76.
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

from softlanding.radar.analysis import SIGNAL_TYPES  # noqa: E402
from softlanding.radar.quality import evaluate, load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=ROOT / "tests/radar/data/labelled")
    parser.add_argument("--errors", action="store_true", help="list every article that differs")
    args = parser.parse_args()
    articles, analyzer = load(args.folder)
    holdout = json.loads((args.folder / "holdout.json").read_text(encoding="utf-8"))
    sets: list[tuple[str, list[dict[str, Any]]]] = [
        (f"tuning set, {lang or 'all'}", [a for a in articles if lang is None or a["lang"] == lang])
        for lang in ("en", "ru", None)
    ]
    holdout2 = json.loads((args.folder / "holdout2.json").read_text(encoding="utf-8"))
    sets.append(("held-out set 1 (blind once; seen since the rules grew)", holdout))
    holdout3 = json.loads((args.folder / "holdout3.json").read_text(encoding="utf-8"))
    sets.append(("held-out set 2 (written after the rules were frozen again)", holdout2))
    sets.append(("held-out set 3 (written blind, by someone who never read the rules)", holdout3))
    holdout4 = json.loads((args.folder / "holdout4.json").read_text(encoding="utf-8"))
    sets.append(("held-out set 4 (written blind, before the precision rules froze)", holdout4))
    for label, subset in sets:
        started = time.perf_counter()
        report = evaluate(subset, analyzer)
        elapsed = time.perf_counter() - started
        print(f"\n== {label}: {report.articles} articles ({elapsed:.2f} s)")
        print(f"{'':24} {'P':>6} {'R':>6} {'F1':>6}  tp fp fn")
        rows = [(t, report.signals[t]) for t in SIGNAL_TYPES]
        rows += [
            ("signals (all types)", report.all_signals),
            ("countries", report.countries),
            ("organisations", report.organizations),
        ]
        for name, c in rows:
            print(f"{name:24} {c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f}  {c.tp} {c.fp} {c.fn}")
        if report.signal_country_articles:
            c = report.signal_countries
            print(
                f"{'signal (type, country)':24} {c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f}"
                f"  {c.tp} {c.fp} {c.fn}   over {report.signal_country_articles} articles"
                " labelled with signal countries"
            )
        if args.errors and ("all" in label or "held-out" in label):
            print("\n".join(report.errors))


if __name__ == "__main__":
    main()
