"""Duplicate quality on the labelled pairs: precision, recall and F1, overall and per category.

    python bench/dedupe_quality.py [--errors] [--csv softlanding/prospects/data/duplicate_pairs.csv]

Each row of the labelled set is one pair (name, country, domain on each side) and whether
the two are one organisation. A pair is predicted "same" when ``score_pair`` reaches a
threshold: ``REVIEW_THRESHOLD`` (a candidate is raised for staff) and ``MERGE_THRESHOLD``
(certain enough to merge); both are reported. The category is the note's text before ':'.
Recall per category is shown for positive categories, the false-positive rate (how many of
its pairs would be raised) for the negative ones.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# No database is used: the settings only have to load.
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
django.setup()

from softlanding.prospects.dedupe import Entity, score_pair  # noqa: E402
from softlanding.prospects.names import MERGE_THRESHOLD, REVIEW_THRESHOLD  # noqa: E402

DEFAULT_CSV = ROOT / "softlanding" / "prospects" / "data" / "duplicate_pairs.csv"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def pairs(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--errors", action="store_true", help="list the pairs predicted wrongly")
    args = parser.parse_args()

    with args.csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    thresholds = {"review": REVIEW_THRESHOLD, "merge": MERGE_THRESHOLD}
    overall = {name: Counts() for name in thresholds}
    by_category: dict[str, dict[str, Counts]] = defaultdict(
        lambda: {name: Counts() for name in thresholds}
    )
    errors: list[str] = []
    for row in rows:
        match = score_pair(
            Entity((row["name_a"],), row["country_a"], row["domain_a"]),
            Entity((row["name_b"],), row["country_b"], row["domain_b"]),
        )
        actual = row["same"] == "1"
        category = row["note"].split(":", 1)[0]
        for name, threshold in thresholds.items():
            predicted = match.score >= threshold
            overall[name].add(predicted, actual)
            by_category[category][name].add(predicted, actual)
        if (match.score >= REVIEW_THRESHOLD) != actual:
            errors.append(
                f"  {'FN' if actual else 'FP'} {match.score:.3f}  {row['name_a']!r} ({row['country_a']}"
                f"{', ' + row['domain_a'] if row['domain_a'] else ''}) ~ {row['name_b']!r} "
                f"({row['country_b']}{', ' + row['domain_b'] if row['domain_b'] else ''})  "
                f"[{row['note']}]  {'; '.join(match.reasons)}"
            )

    positives = sum(row["same"] == "1" for row in rows)
    print(f"{len(rows)} labelled pairs: {positives} same, {len(rows) - positives} different")
    for name, threshold in thresholds.items():
        c = overall[name]
        print(
            f"\nat {name} threshold (score >= {threshold}): precision {c.precision:.3f}  "
            f"recall {c.recall:.3f}  F1 {c.f1:.3f}   (tp {c.tp}, fp {c.fp}, fn {c.fn}, tn {c.tn})"
        )
        print(
            f"  {'category':<24} {'pairs':>5}  {'precision':>9}  {'recall':>6}  {'F1':>5}  raised"
        )
        for category in sorted(by_category):
            k = by_category[category][name]
            if k.tp + k.fn:
                print(
                    f"  {category:<24} {k.pairs:>5}  {k.precision:>9.3f}  {k.recall:>6.3f}  "
                    f"{k.f1:>5.3f}  {k.tp + k.fp}/{k.pairs}"
                )
            else:
                print(
                    f"  {category:<24} {k.pairs:>5}  {'-':>9}  {'-':>6}  {'-':>5}  {k.fp}/{k.pairs}"
                )
    if args.errors:
        print(f"\nwrong at the review threshold ({len(errors)}):")
        print("\n".join(errors))


if __name__ == "__main__":
    main()
