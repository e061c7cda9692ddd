"""Russian NER (natasha, models inside its packages) offers untracked names as candidates."""

from __future__ import annotations

import pytest

from softlanding.radar import ner
from softlanding.radar.analysis import Analyzer, NameEntry, SignalRules, extract, places_gazetteer

pytestmark = pytest.mark.skipif(not ner.available(), reason="natasha is not installed")

TEXT = (
    "Силовики провели обыск в минском офисе компании Nemiga Apps и задержали двух сотрудников. "
    "Иван Петров, основатель студии Минская Игра, сообщил, что часть сотрудников уехала в Грузию. "
    "Об этом сообщили СМИ."
)


def analyzer(*tracked: tuple[NameEntry, str]) -> Analyzer:
    gazetteer = places_gazetteer()
    for entry, name in tracked:
        gazetteer.add(entry, name)
    return Analyzer(gazetteer, SignalRules.from_data(), {"ru": ner.russian_candidates})


def test_untracked_russian_names_become_candidates_with_their_sentence():
    result = analyzer().analyze(extract(TEXT))
    found = {(c.kind, c.name): c.sentence for c in result.candidates}
    assert ("organization", "Nemiga Apps") in found
    assert ("person", "Иван Петров") in found
    assert found[("person", "Иван Петров")].startswith("Иван Петров, основатель")
    assert all(name != "СМИ" for _kind, name in found)  # the stop-list
    assert all(name not in ("Грузию", "Грузия") for _kind, name in found)  # places are not


def test_tracked_names_are_not_offered_again():
    tracked = NameEntry("organization", "5", "Nemiga Apps")
    result = analyzer((tracked, "Nemiga Apps")).analyze(extract(TEXT))
    assert "Nemiga Apps" not in {c.name for c in result.candidates}
    assert [m.ref for m in result.organizations()] == ["5"]


def test_english_text_is_left_to_the_cue_patterns():
    result = analyzer().analyze(
        extract("Protests in Minsk continued. The company Hypersoft moved.")
    )
    assert [c.name for c in result.candidates] == ["Hypersoft"]
