"""The labelled set keeps the analysis above its floors: a regression fails here.

Figures and their reference: ``python bench/radar_quality.py``. The floors sit a little under
the figures measured when they were set, so a rule change that loses articles shows up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softlanding.radar.analysis import SIGNAL_TYPES
from softlanding.radar.quality import evaluate, load

FOLDER = Path(__file__).parent / "data" / "labelled"


@pytest.fixture(scope="module")
def labelled():
    return load(FOLDER)


def test_the_set_is_big_enough_and_bilingual(labelled):
    articles, _ = labelled
    holdout = json.loads((FOLDER / "holdout.json").read_text(encoding="utf-8"))
    assert len(articles) >= 60
    langs = [a["lang"] for a in articles]
    assert 0.4 <= langs.count("ru") / len(langs) <= 0.6
    assert sum(not a["signals"] for a in articles) >= 10  # negatives
    assert {t for a in articles for t in a["signals"]} == set(SIGNAL_TYPES)
    assert len(holdout) >= 16


def test_signal_floors_per_type(labelled):
    articles, analyzer = labelled
    report = evaluate(articles, analyzer)
    for type_, counts in report.signals.items():
        assert counts.precision >= 0.9, (type_, counts, report.errors)
        assert counts.recall >= 0.9, (type_, counts, report.errors)
    assert report.all_signals.precision >= 0.95
    assert report.all_signals.recall >= 0.95


def test_linking_floors_on_both_sets(labelled):
    articles, analyzer = labelled
    holdouts = [
        json.loads((FOLDER / name).read_text(encoding="utf-8"))
        for name in ("holdout.json", "holdout2.json")
    ]
    for subset in (articles, *holdouts):
        report = evaluate(subset, analyzer)
        assert report.countries.precision >= 0.95, report.errors
        assert report.countries.recall >= 0.95, report.errors
        assert report.organizations.precision >= 0.95, report.errors
        assert report.organizations.recall >= 0.95, report.errors


def test_blind_set_signal_precision(labelled):
    """Set 2 was written after the rules were frozen: recall there is low (0.39 when
    measured), precision must stay high — a rule that fires on everything fails here."""
    _, analyzer = labelled
    holdout2 = json.loads((FOLDER / "holdout2.json").read_text(encoding="utf-8"))
    report = evaluate(holdout2, analyzer)
    assert report.all_signals.precision >= 0.9, report.errors
    assert report.all_signals.recall >= 0.35, report.errors


def test_signal_countries_are_scored_as_pairs_where_labelled(labelled):
    _, analyzer = labelled
    text = (
        "Mobile internet was cut in Minsk for a third night as protests went on. "
        "Developers could not reach their clients."
    )
    right = {"id": "t1", "text": text, "countries": ["BY"], "organizations": []}
    right |= {"signals": ["internet_shutdown", "political_unrest"]}
    wrong = {**right, "id": "t2", "signal_countries": [["internet_shutdown", "RU"]]}
    right["signal_countries"] = [["internet_shutdown", "BY"], ["political_unrest", "BY"]]
    unlabelled = {k: v for k, v in right.items() if k != "signal_countries"}

    report = evaluate([right, wrong, unlabelled], analyzer)
    assert report.signal_country_articles == 2
    pairs = report.signal_countries
    assert (pairs.tp, pairs.fn) == (2, 1)  # the RU shutdown is missed
    assert pairs.fp == 2  # and t2's two BY signals are extra
    assert any("t2 signal countries" in error for error in report.errors)
