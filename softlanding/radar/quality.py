"""Scoring the analysis against a labelled set: precision and recall per signal type.

A labelled set is a folder with ``articles.json`` (each article's text and its expected
countries, tracked organisation ids and signal types, and for some articles
``signal_countries``: the [type, country] pairs of its signals) and ``registry.json`` (the tracked
organisations and people to link against). Used by ``bench/radar_quality.py`` and by the test
that keeps the figures above their floors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from softlanding.radar.analysis import (
    SIGNAL_TYPES,
    Analyzer,
    NameEntry,
    default_analyzer,
    extract_text,
)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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

    def add(self, expected: set[Any], predicted: set[Any]) -> None:
        self.tp += len(expected & predicted)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)


@dataclass(slots=True)
class Report:
    articles: int = 0
    signals: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in SIGNAL_TYPES})
    all_signals: Counts = field(default_factory=Counts)
    countries: Counts = field(default_factory=Counts)
    organizations: Counts = field(default_factory=Counts)
    # (type, country) pairs, over the articles labelled with ``signal_countries``.
    signal_countries: Counts = field(default_factory=Counts)
    signal_country_articles: int = 0
    errors: list[str] = field(default_factory=list)


def registry_entries(registry: dict[str, Any]) -> Iterator[tuple[NameEntry, str]]:
    for org in registry["organizations"]:
        entry = NameEntry("organization", str(org["id"]), org["name"], country=org["country"])
        yield entry, org["name"]
        for alias in org.get("aliases", []):
            yield entry, alias
    for person in registry.get("people", []):
        name = f"{person['first_name']} {person['last_name']}"
        entry = NameEntry("person", str(person["id"]), name)
        for given, family in (
            (person["first_name"], person["last_name"]),
            (person.get("first_name_cyrillic", ""), person.get("last_name_cyrillic", "")),
        ):
            if family:
                yield entry, f"{given} {family}"
                yield NameEntry("person", str(person["id"]), name, weak=True), family


def load(folder: Path) -> tuple[list[dict[str, Any]], Analyzer]:
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    registry = json.loads((folder / "registry.json").read_text(encoding="utf-8"))
    return articles, default_analyzer(registry_entries(registry))


def evaluate(articles: list[dict[str, Any]], analyzer: Analyzer) -> Report:
    report = Report()
    for article in articles:
        result = analyzer.analyze(extract_text(article["text"]))
        report.articles += 1
        predicted_types = {s.type for s in result.signals}
        expected_types = set(article["signals"])
        for type_ in SIGNAL_TYPES:
            report.signals[type_].add({type_} & expected_types, {type_} & predicted_types)
        report.all_signals.add(expected_types, predicted_types)
        report.countries.add(set(article["countries"]), set(result.countries))
        orgs = {int(m.ref) for m in result.organizations() if m.ref}
        report.organizations.add(set(article["organizations"]), orgs)
        checks: list[tuple[str, set[Any], set[Any]]] = [
            ("signals", expected_types, predicted_types),
            ("countries", set(article["countries"]), set(result.countries)),
            ("organizations", set(article["organizations"]), orgs),
        ]
        if "signal_countries" in article:
            # Where each signal is: the country it happens in, the one being left, the one
            # making the offer or changing its rules.
            expected_pairs = {(t, c) for t, c in article["signal_countries"]}
            predicted_pairs = {(s.type, s.country) for s in result.signals}
            report.signal_countries.add(expected_pairs, predicted_pairs)
            report.signal_country_articles += 1
            checks.append(("signal countries", expected_pairs, predicted_pairs))
        for label, exp, got in checks:
            if exp != got:
                report.errors.append(
                    f"{article['id']} {label}: missed {sorted(exp - got)}, extra {sorted(got - exp)}"
                )
    return report
