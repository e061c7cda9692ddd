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

from softlanding.radar.analysis import Candidate

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
_KINDS: Final = {"ORG": "organization", "PER": "person"}
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
        if kind is None or len(name) < 2 or name.lower() in STOP:
            continue
        if kind == "person" and " " not in name:
            continue  # a surname alone is too thin to offer
        sentence = next((text[s:e].strip() for s, e in sentences if s <= span.start < e), "")
        out.append(Candidate(name=name, kind=kind, sentence=sentence))
    return out
