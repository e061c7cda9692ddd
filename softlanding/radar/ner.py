"""Names the registry does not track, found by NER: natasha for Russian (its models ship inside
the PyPI packages slovnet and navec; nothing is downloaded). Optional: without natasha installed
the radar finds candidates by its cue patterns alone.

NER output is a candidate list for a scout to review, never a link: the gazetteer of tracked names
is the authority. Typical natasha errors (abbreviations of institutions taken as organisations)
are kept out by a stop-list.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Final

from softlanding.radar.analysis import _WORD_RE, Candidate, token_key

#: Organisation-looking abbreviations and institutions that are never prospects.
STOP: Final = frozenset(
    s.lower()
    for s in (
        "СМИ",
        "СИЗО",
        "HR",
        "IT",
        "ИТ",
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


@cache
def _stop_keys() -> frozenset[str]:
    return frozenset(_key(s) for s in STOP)


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(token_key(w) for w in GENERIC)


def _key(name: str) -> str:
    """Inflection-proof key of a name ("Парка высоких технологий" = "Парк высоких технологий")."""
    return " ".join(k for k in (token_key(w) for w in _WORD_RE.findall(name)) if k)


def _rejected(name: str) -> bool:
    key = _key(name)
    if not key:
        return True
    padded = f" {key} "
    if any(f" {stop} " in padded for stop in _stop_keys()):
        return True  # "Резиденты Парка высоких технологий" is still the park
    return all(k in _generic_keys() for k in key.split())


_lock = threading.Lock()


@cache
def available() -> bool:
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


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
        name = span.text.strip(" .,;:«»\"'()")
        if kind is None or len(name) < 2 or _rejected(name):
            continue
        if kind == "person" and " " not in name:
            continue  # a surname alone is too thin to offer
        sentence = next((text[s:e].strip() for s, e in sentences if s <= span.start < e), "")
        out.append(Candidate(name=name, kind=kind, sentence=sentence))
    return out
