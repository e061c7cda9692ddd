"""Guess which column of an uploaded table holds which field, from its header, in English or Russian."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Field → header spellings that mean it. Extend in place (FIELD_SYNONYMS["x"] = [...]) or pass
# your own table to guess_mapping. Spellings are compared after normalise(), so case, "ё",
# punctuation, spacing and common Russian endings don't matter.
FIELD_SYNONYMS: dict[str, list[str]] = {
    "name": [
        "name",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "business name",
        "account name",
        "firm",
        "название",
        "наименование",
        "компания",
        "организация",
        "название компании",
        "наименование организации",
        "фирма",
    ],
    "legal_form": [
        "legal form",
        "legal entity type",
        "entity type",
        "company type",
        "form",
        "ОПФ",
        "форма",
        "правовая форма",
        "организационно-правовая форма",
    ],
    "country": ["country", "country code", "hq country", "headquarters country", "страна"],
    "city": ["city", "town", "hq city", "headquarters city", "город", "населённый пункт"],
    "website": [
        "website",
        "web site",
        "site",
        "url",
        "web",
        "www",
        "homepage",
        "home page",
        "сайт",
        "веб-сайт",
        "адрес сайта",
    ],
    "domain": ["domain", "домен"],
    "employees": [
        "employees",
        "employee count",
        "number of employees",
        "headcount",
        "head count",
        "staff",
        "size",
        "company size",
        "team size",
        "сотрудники",
        "сотрудников",
        "число сотрудников",
        "количество сотрудников",
        "численность",
        "штат",
    ],
    "founded": [
        "founded",
        "year founded",
        "founded year",
        "founding year",
        "established",
        "год основания",
        "основана",
        "основание",
    ],
    "markets": ["markets", "markets served", "market", "рынки", "рынок"],
    "specialities": [
        "specialities",
        "specialties",
        "speciality",
        "specialty",
        "stack",
        "tech stack",
        "technologies",
        "специализация",
        "стек",
        "технологии",
    ],
    "tags": ["tags", "labels", "теги", "метки"],
    "email": [
        "email",
        "e-mail",
        "mail",
        "email address",
        "почта",
        "электронная почта",
        "эл. почта",
    ],
    "phone": [
        "phone",
        "telephone",
        "tel",
        "phone number",
        "mobile",
        "телефон",
        "тел",
        "номер телефона",
    ],
    "notes": [
        "notes",
        "note",
        "comment",
        "comments",
        "remarks",
        "description",
        "примечание",
        "примечания",
        "комментарий",
        "заметки",
        "описание",
    ],
}

_SEPARATORS = re.compile(r"[\W_]+")
_CYRILLIC = re.compile("[а-я]")
# Russian inflections, longest first: "компании", "сотрудников", "страны" → their stems.
_RUSSIAN_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ов", "ев", "ей", "ий", "ый", "ой", "ая", "яя",
    "ое", "ее", "ам", "ям", "ах", "ях", "ом", "ем", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь",
)  # fmt: skip


def normalise(text: str) -> tuple[str, ...]:
    """A header as comparable words: lower case, ё as е, no punctuation, endings trimmed."""
    words = _SEPARATORS.sub(" ", text.casefold().replace("ё", "е")).split()
    return tuple(_stem(word) for word in words)


def _stem(word: str) -> str:
    if _CYRILLIC.search(word):
        for ending in _RUSSIAN_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
        return word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # employees, tags, notes
    return word


def guess_mapping(
    headers: Sequence[str], fields: Mapping[str, Sequence[str]] = FIELD_SYNONYMS
) -> dict[int, str]:
    """Column index → field, for the headers that plainly name a field; each used at most once.

    A header equal to a synonym wins; otherwise a synonym found as whole words inside a longer
    header ("Company website", "Сайт компании") counts, preferring the longer synonym and the
    one where the header's main word is: last in English ("company *website*"), first in
    Russian ("*сайт* компании"). Ambiguous leftovers stay unmapped for the person to choose.
    """
    spellings = [
        (field, normalise(synonym)) for field, synonyms in fields.items() for synonym in synonyms
    ]
    candidates: list[tuple[tuple[int, int, int], int, str]] = []
    for index, header in enumerate(headers):
        words = normalise(header)
        if not words:
            continue
        best: dict[str, tuple[int, int, int]] = {}
        for field, synonym in spellings:
            score = _score(words, synonym)
            if score is not None and score > best.get(field, (-1, 0, 0)):
                best[field] = score
        candidates.extend((score, index, field) for field, score in best.items())
    # Strongest matches first; on a tie the leftmost column takes the field.
    candidates.sort(key=lambda c: (c[0], -c[1]), reverse=True)
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for _rank, index, field in candidates:
        if index not in mapping and field not in taken:
            mapping[index] = field
            taken.add(field)
    return dict(sorted(mapping.items()))


def _score(words: tuple[str, ...], synonym: tuple[str, ...]) -> tuple[int, int, int] | None:
    """(exact?, synonym length, main-word position) or None when the synonym isn't in the header."""
    if not synonym:
        return None
    if words == synonym:
        return (1, len(synonym), 1)
    size = len(synonym)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == synonym:
            russian = bool(_CYRILLIC.search(synonym[0]))
            at_head = start == 0 if russian else start + size == len(words)
            return (0, size, int(at_head))
    return None
