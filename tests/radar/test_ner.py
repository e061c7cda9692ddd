"""NER offers untracked names as candidates: Russian by natasha, English by spaCy (models inside
their packages, the ``ner`` extra); without them, the cue patterns alone."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from softlanding.radar import ner
from softlanding.radar.analysis import (
    Analyzer,
    NameEntry,
    NameFinder,
    SignalRules,
    extract,
    find_candidates,
    places_gazetteer,
)

russian = pytest.mark.skipif(not ner.available(), reason="natasha is not installed")
english = pytest.mark.skipif(not ner.english_available(), reason="spaCy or its model is missing")

TEXT = (
    "Силовики провели обыск в минском офисе компании Nemiga Apps и задержали двух сотрудников. "
    "Иван Петров, основатель студии Минская Игра, сообщил, что часть сотрудников уехала в Грузию. "
    "Об этом сообщили СМИ. Резиденты Парка высоких технологий и другие IT-компаний жалуются."
)


def analyzer(
    *tracked: tuple[NameEntry, str], finders: dict[str, NameFinder] | None = None
) -> Analyzer:
    gazetteer = places_gazetteer()
    for entry, name in tracked:
        gazetteer.add(entry, name)
    if finders is None:
        finders = {"ru": ner.russian_candidates}
    return Analyzer(gazetteer, SignalRules.from_data(), finders)


@russian
def test_untracked_russian_names_become_candidates_with_their_sentence():
    result = analyzer().analyze(extract(TEXT))
    found = {(c.kind, c.name): c.sentence for c in result.candidates}
    assert ("organization", "Nemiga Apps") in found
    assert ("person", "Иван Петров") in found
    assert found[("person", "Иван Петров")].startswith("Иван Петров, основатель")
    names = {name for _kind, name in found}
    assert "СМИ" not in names  # the stop-list
    assert not [n for n in names if "Парка высоких технологий" in n]  # inflected, inside a span
    assert "IT-компаний" not in names  # generic words only
    assert all(name not in ("Грузию", "Грузия") for _kind, name in found)  # places are not


@russian
def test_tracked_names_are_not_offered_again():
    tracked = NameEntry("organization", "5", "Nemiga Apps")
    result = analyzer((tracked, "Nemiga Apps")).analyze(extract(TEXT))
    assert "Nemiga Apps" not in {c.name for c in result.candidates}
    assert [m.ref for m in result.organizations()] == ["5"]


EN_TEXT = (
    "Minsk studio questioned\n"
    "Security officers searched the offices of Nemira Interactive in Minsk on Tuesday, "
    "Reuters reported. "
    "Marina Dubko, who founded Nemira Interactive in 2015, said most of its developers had "
    "moved to Vilnius. EPAM Systems, which shares the building, declined to comment."
)


def test_without_ner_english_text_gets_the_cue_patterns_candidates():
    result = analyzer(finders={}).analyze(
        extract("Protests in Minsk continued. The company Hypersoft moved.")
    )
    assert [c.name for c in result.candidates] == ["Hypersoft"]


@pytest.fixture
def spacy_not_installed(monkeypatch):
    """As if the ner extra had left spaCy out: its import finds nothing."""
    monkeypatch.setitem(sys.modules, "spacy", None)
    ner.english_available.cache_clear()
    yield
    monkeypatch.undo()
    ner.english_available.cache_clear()


def test_without_spacy_english_falls_back_to_the_cue_patterns(spacy_not_installed):
    assert not ner.english_available()
    assert "en" not in ner.finders()
    assert ner.english_candidates("Marina Dubko founded Nemira Interactive.", [(0, 41)]) == []
    result = analyzer(finders=ner.finders()).analyze(extract(EN_TEXT))
    assert [c.name for c in result.candidates] == []  # no cue pattern in the text


@english
def test_untracked_english_names_become_candidates_with_their_sentence():
    result = analyzer(finders=ner.finders()).analyze(extract(EN_TEXT))
    assert result.language == "en"
    found = {(c.kind, c.name): c.sentence for c in result.candidates}
    assert found[("organization", "Nemira Interactive")].startswith("Security officers searched")
    assert found[("person", "Marina Dubko")].startswith("Marina Dubko, who founded")
    names = {name for _kind, name in found}
    assert "Reuters" not in names  # a news outlet: the stop-list
    assert not names & {"Minsk", "Vilnius"}  # places are linked, never offered


@english
def test_tracked_english_names_are_not_offered():
    tracked = NameEntry("organization", "2", "EPAM Systems")
    untracked = analyzer(finders=ner.finders()).analyze(extract(EN_TEXT))
    assert "EPAM Systems" in {c.name for c in untracked.candidates}
    result = analyzer((tracked, "EPAM Systems"), finders=ner.finders()).analyze(extract(EN_TEXT))
    assert "EPAM Systems" not in {c.name for c in result.candidates}
    assert [m.ref for m in result.organizations()] == ["2"]


@english
def test_english_names_by_their_kind_and_without_lead_ins():
    text = (
        "Analysts named Synesis Soft among the leavers.\n"
        "Cybersecurity company Kiberlogic is moving to Riga, said the Georgian IT Association."
    )
    found = {(c.kind, c.name) for c in ner.english_candidates(text, [(0, 46), (47, len(text))])}
    assert ("organization", "Synesis Soft") in found  # tagged PERSON by the model; "Soft" says
    assert ("person", "Synesis Soft") not in found
    assert ("organization", "Kiberlogic") in found
    assert ("organization", "Georgian IT Association") in found


def test_places_and_words_that_only_open_sentences_are_not_offered():
    text = (
        "Investigators searched the office of the firm\nInvestigators said nothing.\n"
        "Latvia's agency paid the moving costs of the company Latvia Digital. "
        "Прокуроры пришли в компанию «Нарочь Софт». Belarusian developers left."
    )
    names = {c.name for c in find_candidates(text, [])}
    assert "Latvia Digital" in names
    assert "Нарочь Софт" in names
    assert not names & {"Investigators", "Latvia", "Belarusian", "Прокуроры"}


def test_a_one_word_name_capitalised_inside_a_sentence_is_still_a_name():
    text = "Gurtam moved its staff. Engineers at Gurtam said so."
    assert not ner.never_a_prospect(text, [(0, 23), (24, len(text))], "Gurtam", 0)
    assert ner.never_a_prospect(text, [(0, 23), (24, len(text))], "Engineers", 24)


@english
def test_hubs_and_tech_parks_are_institutions_not_prospects():
    text = (
        "Astana Hub invites foreign founders. Tech Park Armenia and Poland's Business Harbour "
        "courted the same engineers, said Olga Minina, founder of Brightline Labs."
    )
    found = {c.name for c in ner.english_candidates(text, [(0, 36), (37, len(text))])}
    assert "Brightline Labs" in found
    assert not found & {"Astana Hub", "Tech Park Armenia", "Business Harbour"}


@russian
def test_russian_hubs_and_parks_are_not_offered_in_any_case():
    text = "Резиденты «Астана Хаба» и Технопарка «Сколково» переехали, сообщил Иван Сидоров."
    found = {c.name for c in ner.russian_candidates(text, [(0, len(text))])}
    assert not {name for name in found if "Хаб" in name or "Сколково" in name}


@english
def test_english_model_is_the_installed_package_with_ner_alone():
    nlp = ner.english_pipeline()
    assert nlp is ner.english_pipeline()  # loaded once per process
    assert nlp.pipe_names == ["ner"]
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(nlp.path).resolve().is_relative_to(site / ner.EN_MODEL)
    assert nlp.meta["version"] == "3.8.0"


@english
def test_english_model_loads_and_tags_with_the_network_cut_off():
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from softlanding.radar import ner\n"
        "text = 'Marina Dubko founded Nemira Interactive in Minsk.'\n"
        "print(sorted(c.name for c in ner.english_candidates(text, [(0, len(text))])))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "'Marina Dubko'" in done.stdout


@english
def test_english_ner_from_several_threads_gives_the_same_names():
    from concurrent.futures import ThreadPoolExecutor

    def names(_: int) -> list[tuple[str, str]]:
        found = ner.english_candidates(EN_TEXT, [(0, len(EN_TEXT))])
        return [(c.kind, c.name) for c in found]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(names, range(8)))
    assert results[0]
    assert all(r == results[0] for r in results)
