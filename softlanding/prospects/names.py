"""Organisation-name matching keys across Latin and Cyrillic.

Pure Python, no Django. Three layers, from strict to loose:

``fold(name)``
    The strict matching key: legal form, quotes, punctuation, case and spacing removed,
    Cyrillic transliterated, then Latin spellings collapsed so that the common
    transliteration habits meet (ya/ja/ia, kh/h, shch/šč/shh, x/ks, y/i/j ...).
    Equal keys mean "same name". Use it for exact duplicate detection and as the
    stored search key. ``fold`` of "IdeaSoft LLC", "Idea Soft", "ООО «АйдиаСофт»" and
    "айдиасофт" is ``"ideasoft"``.

``skeleton(name)``
    A lossy consonant skeleton of the fold (vowels dropped, h/g merged). Use it only
    for *blocking*: candidate pairs are names sharing a skeleton (or a skeleton
    prefix); never treat equal skeletons as a match ("Softeq" and "SoftTeco" share one).

``similarity(a, b)``
    Scores a candidate pair 0..1 with English reasons. ``MERGE_THRESHOLD`` and above:
    same organisation; ``REVIEW_THRESHOLD`` up to it: possible duplicate for a human.

``search_keys(name)`` / ``name_variants(name)``
    What to store for prefix search, and the other spellings behind it.

Keys are lower-case ASCII for Latin and Cyrillic input. Digraphs become single
letters so that, e.g., "сх" (s+h) never collides with "ш": ш/щ -> ``x``,
ч -> ``c``, ж -> ``j``, х -> ``h``; j, y, й and дж all become the vowel ``i``
(that is what lets "Jandeks" meet "Yandex" and "Джет" meet "Jet"). English words
written in Cyrillic ("Софт", "Системз", "Солюшнс") are turned back into English
first, from a table; the keys are phonetic-ish and lossy on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, NamedTuple

__all__ = [
    "LEGAL_FORMS",
    "MERGE_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Match",
    "fold",
    "name_variants",
    "search_keys",
    "similarity",
    "skeleton",
    "split_legal_form",
]

#: ``similarity`` at or above this: the same organisation (safe to merge).
MERGE_THRESHOLD: Final = 0.9
#: ``similarity`` at or above this (and below merge): a possible duplicate to review.
REVIEW_THRESHOLD: Final = 0.8

# --------------------------------------------------------------------------- legal forms

_FORMS_BY_CODE: Final[dict[str, tuple[str, ...]]] = {
    # English-speaking and international
    "LLC": ("LLC", "L.L.C.", "Limited Liability Company"),
    "FZ_LLC": ("FZ-LLC", "FZ LLC", "FZE", "FZCO"),
    "LTD": ("Ltd", "Ltd.", "Limited"),
    "CO_LTD": ("Co. Ltd", "Co., Ltd.", "Company Limited"),
    "PVT_LTD": ("Pvt Ltd", "Pvt. Ltd.", "Private Limited", "Private Limited Company"),
    "PTY_LTD": ("Pty Ltd", "Pty. Ltd."),
    "PTE_LTD": ("Pte Ltd", "Pte. Ltd."),
    "INC": ("Inc", "Inc.", "Incorporated"),
    "CORP": ("Corp", "Corp.", "Corporation"),
    "CO": ("Co", "Co.", "Company"),
    "LLP": ("LLP", "L.L.P.", "Limited Liability Partnership"),
    "LP": ("LP", "L.P."),
    "PLC": ("PLC", "P.L.C."),
    "JSC": ("JSC", "Joint Stock Company", "Joint-Stock Company"),
    "OJSC": ("OJSC", "Open Joint Stock Company"),
    "CJSC": ("CJSC", "Closed Joint Stock Company"),
    "PJSC": ("PJSC", "Public Joint Stock Company"),
    # Continental Europe and the Baltics
    "GMBH": ("GmbH", "Gesellschaft mit beschränkter Haftung"),
    "GMBH_CO_KG": ("GmbH & Co. KG", "GmbH & Co KG"),
    "AG": ("AG", "Aktiengesellschaft"),
    "KG": ("KG",),
    "SE": ("SE",),
    "SA": ("SA", "S.A."),
    "SRL": ("SRL", "S.R.L.", "S.r.l."),
    "SRO": ("s.r.o.", "sro", "spol. s r.o."),
    "DOO": ("d.o.o.", "doo"),
    "SP_K": ("sp.k.", "sp. k."),
    "MB": ("MB",),
    "SP_Z_OO": (
        "sp. z o.o.",
        "Sp. z o.o.",
        "spółka z o.o.",
        "Spółka z ograniczoną odpowiedzialnością",
    ),
    "BV": ("BV", "B.V."),
    "NV": ("NV", "N.V."),
    "AB": ("AB",),
    "AS": ("AS", "A/S", "ASA"),
    "OY": ("Oy", "Oyj"),
    "OU": ("OÜ", "OU"),
    "UAB": ("UAB",),
    "SIA": ("SIA",),
    "KFT": ("Kft", "Kft."),
    # Russia, Belarus, Kazakhstan, Ukraine (Cyrillic and the Latin spellings used in registries)
    "OOO": ("ООО", "OOO", "Общество с ограниченной ответственностью"),
    "ODO": ("ОДО", "ODO", "Общество с дополнительной ответственностью"),
    "IOOO": (
        "ИООО",
        "IOOO",
        "FLLC",
        "Foreign Limited Liability Company",
        "Иностранное общество с ограниченной ответственностью",
    ),
    "SOOO": (
        "СООО",
        "SOOO",
        "JV LLC",
        "Совместное общество с ограниченной ответственностью",
    ),
    "OAO": ("ОАО", "OAO", "Открытое акционерное общество"),
    "ZAO": ("ЗАО", "ZAO", "Закрытое акционерное общество"),
    "AO": ("АО", "AO", "Акционерное общество"),
    "PAO": ("ПАО", "PAO", "Публичное акционерное общество"),
    "NAO": ("НАО", "NAO", "Непубличное акционерное общество"),
    "CHUP": (
        "ЧУП",
        "ChUP",
        "CHUP",
        "PUE",
        "Частное унитарное предприятие",
        "Private Unitary Enterprise",
    ),
    "CHTUP": ("ЧТУП", "ChTUP", "Частное торговое унитарное предприятие"),
    "CHP": ("ЧП", "ChP", "Частное предприятие"),
    "UP": ("УП", "UP", "Унитарное предприятие"),
    "IUP": ("ИУП", "Иностранное унитарное предприятие"),
    "GUP": ("ГУП", "ФГУП", "МУП"),
    "SP": ("СП", "SP", "Совместное предприятие"),
    "IP": ("ИП", "IP", "IE", "Индивидуальный предприниматель", "Individual Entrepreneur"),
    "PE": ("PE", "Private Enterprise"),
    "TOO": ("ТОО", "TOO", "Товарищество с ограниченной ответственностью"),
    "TOV": ("ТОВ", "TOV", "Товариство з обмеженою відповідальністю"),
    "PP": ("ПП", "PP", "Приватне підприємство"),
    "DP": ("ДП", "DP", "Дочірнє підприємство"),
    "FOP": ("ФОП", "FOP", "Фізична особа-підприємець", "ФЛП"),
    "PAT": ("ПАТ", "PAT", "Публічне акціонерне товариство"),
    "PRAT": ("ПрАТ", "PrAT", "Приватне акціонерне товариство"),
    "AT": ("АТ", "AT", "Акціонерне товариство"),
}

#: Every recognised spelling of a legal form, mapped to its canonical code.
LEGAL_FORMS: Final[dict[str, str]] = {
    spelling: code for code, spellings in _FORMS_BY_CODE.items() for spelling in spellings
}

# Latin abbreviations that are ordinary words or name parts at the end ("Level UP",
# "Voice IP") and only mean a legal form in front of the name.
_PREFIX_ONLY: Final = frozenset(
    {"ip", "ie", "pe", "up", "pp", "chp", "sp", "at", "dp", "pat", "mb"}
)
# Words that mean a legal form only after the name ("Company X" is rarely a form).
_SUFFIX_ONLY: Final = frozenset({"co", "company", "limited", "corporation"})

# Separators between tokens; quotes are turned into spaces before tokenising.
_TOKEN_RE: Final = re.compile(r"[^\s,;()\[\]{}]+")
_HARD_QUOTES: Final = '"«»„“”‟‹›「」『』〝〞＂'
_EDGE_QUOTES: Final = "'‘’‚‛`´"
_QUOTES_TO_SPACE: Final = str.maketrans(dict.fromkeys(_HARD_QUOTES, " "))
_COMPACT_DROP: Final = str.maketrans("", "", ".-'’")


def _compact(token: str) -> str:
    """Legal-form lookup form of a token: lower case without dots and hyphens."""
    return token.lower().translate(_COMPACT_DROP).replace("ё", "е")


def _form_key(spelling: str) -> str:
    return "".join(_compact(t) for t in _TOKEN_RE.findall(spelling.translate(_QUOTES_TO_SPACE)))


_FORM_LOOKUP: Final[dict[str, str]] = {_form_key(s): code for s, code in LEGAL_FORMS.items()}
_FORM_MAX_TOKENS: Final = max(len(_TOKEN_RE.findall(s)) for s in LEGAL_FORMS)
_FORM_FIRST: Final = frozenset(_compact(_TOKEN_RE.findall(s)[0]) for s in LEGAL_FORMS)
_FORM_LAST: Final = frozenset(_compact(_TOKEN_RE.findall(s)[-1]) for s in LEGAL_FORMS)

# --------------------------------------------------------------------------- scripts

_CYR_LOWER: Final = "а-яёіїєґўјәғқңөұүһђћџљњѕ"
_CYR_UPPER: Final = "А-ЯЁІЇЄҐЎЈӘҒҚҢӨҰҮҺЂЋЏЉЊЅ"
_CYR_RE: Final = re.compile(f"[{_CYR_LOWER}{_CYR_UPPER}]")
_LAT_RE: Final = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CAMEL_RE: Final = re.compile(
    f"(?<=[a-z{_CYR_LOWER}])(?=[A-Z{_CYR_UPPER}])"  # ideaSoft
    f"|(?<=[A-Z{_CYR_UPPER}])(?=[A-Z{_CYR_UPPER}][a-z{_CYR_LOWER}])"  # EPAMSystems
)

# Letters that look the same in both scripts: a token mixing scripts is usually a typo
# or an OCR/copy artefact ("IdeaSоft" with a Cyrillic о).
_LAT_LOOKALIKES: Final = "AaBCcEeHIiKMOoPpTXxYyj"
_CYR_LOOKALIKES: Final = "АаВСсЕеНІіКМОоРрТХхУуј"
_CYR_TO_LAT: Final = str.maketrans(_CYR_LOOKALIKES, _LAT_LOOKALIKES)
_LAT_TO_CYR: Final = str.maketrans(_LAT_LOOKALIKES, _CYR_LOOKALIKES)
_CYR_LOOKALIKE_SET: Final = frozenset(_CYR_LOOKALIKES)
_LAT_LOOKALIKE_SET: Final = frozenset(_LAT_LOOKALIKES)


def _fix_mixed_token(token: str) -> str:
    cyr = [c for c in token if _CYR_RE.match(c)]
    lat = [c for c in token if _LAT_RE.match(c)]
    if not cyr or not lat:
        return token
    if len(cyr) >= len(lat):
        if all(c in _LAT_LOOKALIKE_SET for c in lat):
            return token.translate(_LAT_TO_CYR)
    elif all(c in _CYR_LOOKALIKE_SET for c in cyr):
        return token.translate(_CYR_TO_LAT)
    # Genuinely mixed ("ITСофт"): leave it, each part transliterates on its own.
    return token


def _normalise(text: str) -> str:
    """NFKC, look-alike letters fixed, hard quotes turned into spaces."""
    if text.isascii():
        return text.translate(_QUOTES_TO_SPACE)
    text = unicodedata.normalize("NFKC", text)
    if _CYR_RE.search(text) and _LAT_RE.search(text):
        text = " ".join(_fix_mixed_token(t) for t in text.split())
    return text.translate(_QUOTES_TO_SPACE)


class _Split(NamedTuple):
    text: str  # normalised text
    spans: list[tuple[int, int]]  # kept token spans, quotes trimmed
    form: str | None


def _split(text: str) -> _Split:
    text = _normalise(text)
    spans: list[tuple[int, int]] = []
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        if text[start] in _EDGE_QUOTES or text[end - 1] in _EDGE_QUOTES:
            while start < end and text[start] in _EDGE_QUOTES:
                start += 1
            while end > start and text[end - 1] in _EDGE_QUOTES:
                end -= 1
        if start < end:
            spans.append((start, end))
    lo, hi = 0, len(spans)
    prefix_form: str | None = None
    suffix_form: str | None = None
    if hi < 2 or (
        _compact(text[spans[0][0] : spans[0][1]]) not in _FORM_FIRST
        and _compact(text[spans[-1][0] : spans[-1][1]]) not in _FORM_LAST
    ):
        return _Split(text, spans, None)  # most names: no legal form at either end
    compacts = [_compact(text[s:e]) for s, e in spans]
    # Strip up to two forms at each end ("СП ООО «X»", "X GmbH & Co. KG"), keeping a name.
    for _ in range(2):
        if compacts[lo] not in _FORM_FIRST:
            break
        for k in range(min(_FORM_MAX_TOKENS, hi - lo - 1), 0, -1):
            key = "".join(compacts[lo : lo + k])
            code = _FORM_LOOKUP.get(key)
            if code is not None and key not in _SUFFIX_ONLY:
                prefix_form, lo = code, lo + k
                break
        else:
            break
    for _ in range(2):
        if compacts[hi - 1] not in _FORM_LAST:
            break
        for k in range(min(_FORM_MAX_TOKENS, hi - lo - 1), 0, -1):
            key = "".join(compacts[hi - k : hi])
            code = _FORM_LOOKUP.get(key)
            if code is not None and key not in _PREFIX_ONLY:
                suffix_form, hi = code, hi - k  # the form nearest the name wins
                break
        else:
            break
    return _Split(text, spans[lo:hi], prefix_form or suffix_form)


def split_legal_form(name: str) -> tuple[str, str | None]:
    """Strip quotes and the legal form (before or after the name).

    Returns ``(bare name, canonical legal-form code or None)``::

        >>> split_legal_form("ООО «АйдиаСофт»")
        ('АйдиаСофт', 'OOO')
        >>> split_legal_form("Idea-Soft, Ltd.")
        ('Idea-Soft', 'LTD')
    """
    return _bare(_split(name))


def _bare(sp: _Split) -> tuple[str, str | None]:
    if not sp.spans:
        return "", sp.form
    bare = sp.text[sp.spans[0][0] : sp.spans[-1][1]]
    bare = " ".join(bare.split()).strip(" ,;")
    for q in _EDGE_QUOTES:
        bare = bare.replace(f" {q}", " ").replace(f"{q} ", " ")
    return bare, sp.form


# --------------------------------------------------------------------------- fold

# English words habitually written in Cyrillic: (English, Cyrillic spellings, preferred
# first). Cyrillic is mapped back to English before folding so that "АйдиаСофт" meets
# "IdeaSoft"; the preferred spelling renders Latin names in Cyrillic. Entries shorter than
# seven letters match whole words only (camel case counts: "СанВэр" is "сан вэр"), so
# "стрим" stays inside the brand "Астримон" and "хаб" inside "Хабаров"; longer ones match
# anywhere. Markers: "*" anywhere, "^" at a word start, "$" at a word end; "_" is an
# optional space or hyphen ("АйТи", "Ай-Ти", "айти").
_ENGLISH_IN_CYRILLIC: Final[tuple[tuple[str, str], ...]] = (
    ("soft", "*софт"),
    ("software", "софтвер софтвэр софтваре"),
    ("systems", "системс системз системы"),
    ("system", "систем"),
    ("solutions", "солюшнс солюшнз солюшенс"),
    ("solution", "солюшн солюшен"),
    ("technologies", "текнолоджиз текнолоджис технолоджиз технолоджис"),
    ("technology", "текнолоджи технолоджи"),
    ("tech", "тех$ тек$"),
    ("techno", "техно"),
    ("labs", "лабс$ лабз$"),
    ("lab", "лаб$"),
    ("group", "груп групп группа"),
    ("development", "девелопмент"),
    ("digital", "диджитал диджитл"),
    ("digi", "диджи"),
    ("data", "дата"),
    ("cloud", "*клауд"),
    ("consulting", "консалтинг"),
    ("services", "*сервисез *сервисиз *сервисес *сервисы"),
    ("service", "*сервис"),
    ("it", "^айти ай_ти"),
    ("ai", "эй_ай"),
    ("idea", "*айдиа *айдия"),
    ("microsoft", "майкрософт"),
    ("international", "интернешнл интернэшнл интернешенл"),
    ("engineering", "инжиниринг"),
    ("interactive", "интерактив"),
    ("line", "лайн$"),
    ("hub", "хаб$"),
    ("business", "бизнес"),
    ("intelligence", "интеллидженс"),
    ("research", "ресерч рисерч"),
    ("innovations", "инновейшнс"),
    ("innovation", "инновейшн"),
    ("science", "сайенс"),
    ("trade", "трейд трэйд"),
    ("united", "юнайтед"),
    ("enterprise", "энтерпрайз"),
    ("house", "хаус"),
    ("space", "*спейс *спэйс"),
    ("vision", "*вижн"),
    ("life", "лайф"),
    ("light", "лайт"),
    ("games", "геймс геймз"),
    ("gaming", "*гейминг"),
    ("game", "гейм"),
    ("mobile", "*мобайл"),
    ("device", "девайс"),
    ("logic", "*лоджик"),
    ("mind", "*майнд"),
    ("bright", "*брайт"),
    ("byte", "байт"),
    ("forge", "*фордж"),
    ("bridge", "*бридж"),
    ("wave", "вэйв вейв"),
    ("gate", "гейт"),
    ("play", "плей плэй"),
    ("team", "тим$"),
    ("ware", "вэр вер"),
    ("force", "форс"),
    ("stack", "стек"),
    ("flow", "флоу"),
    ("code", "код"),
    ("core", "кор"),
    ("sense", "сенс"),
    ("blue", "блю"),
    ("green", "грин"),
    ("sun", "сан"),
    ("east", "ист"),
    ("sky", "скай"),
    ("iron", "айрон"),
    ("true", "тру"),
    ("wise", "вайз"),
    ("deep", "дип"),
    ("hyper", "хайпер"),
    ("prime", "прайм"),
    ("edge", "эдж"),
    ("cyber", "кибер сайбер"),
    ("uni", "юни"),
    ("lead", "лид"),
    ("stream", "стрим"),
    ("lucky", "лаки"),
    ("bear", "бэр"),
    ("wolf", "вулф"),
    ("owl", "аул"),
    ("health", "хэлс хелс"),
    ("pay", "пэй пей"),
    ("smart", "смарт"),
    ("net", "нет"),
    ("web", "веб"),
    ("apps", "аппс"),
    ("works", "воркс"),
    ("point", "пойнт"),
    ("studio", "студио"),
    ("partners", "партнерс партнёрс"),
    ("networks", "нетворкс"),
)

# For matching, Cyrillic letters that fold alike are made alike, so one spelling covers
# the Russian, Ukrainian and Belarusian ones ("Діджітал", "Сістемс").
_EN_MATCH_NORMAL: Final = str.maketrans(
    {"ё": "е", "э": "е", "і": "и", "ы": "и", "й": "и", "ї": "и", "ь": None, "ъ": None}
)
_CYR_WORD: Final = f"[{_CYR_LOWER}]"


def _en_entries() -> list[tuple[str, str, str]]:
    """(marker, normalised Cyrillic, English) for every spelling, longest first."""
    entries = []
    for english, spellings in _ENGLISH_IN_CYRILLIC:
        for spelling in spellings.split():
            marker = spelling[0] if spelling[0] in "*^" else spelling[-1]
            word = spelling.strip("*^$").translate(_EN_MATCH_NORMAL)  # may keep "_"
            if marker not in "*^$":
                marker = "*" if len(word) >= 7 else "="
            entries.append((marker, word, english))
    return sorted(entries, key=lambda e: -len(e[1]))


# A trie of Cyrillic spellings; under _END, the lookahead that ends a word there.
_Trie = dict[str, "_Trie | str"]
_END: Final = ""


def _trie_pattern(node: _Trie) -> str:
    """A regex for the words of a trie: one pass per position instead of one per word."""
    parts = []
    for ch, child in sorted(node.items()):
        if isinstance(child, dict):
            parts.append(("[ -]?" if ch == "_" else re.escape(ch)) + _trie_pattern(child))
    end = node.get(_END)
    if isinstance(end, str):
        parts.append(end)  # last: longer words are tried first
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _en_regex(entries: Iterable[tuple[str, str, str]]) -> re.Pattern[str]:
    """Entries needing a word start in one trie, the rest in another; ends as lookaheads."""
    after = f"(?!{_CYR_WORD})"
    tries: dict[bool, _Trie] = {True: {}, False: {}}
    for marker, word, _ in entries:
        node = tries[marker in "^="]
        for ch in word:
            child = node.setdefault(ch, {})
            if isinstance(child, str):  # pragma: no cover - "" is never a letter
                raise TypeError(word)
            node = child
        node[_END] = after if marker in "$=" else ""
    alternatives = []
    if tries[True]:
        alternatives.append(f"(?<!{_CYR_WORD})" + _trie_pattern(tries[True]))
    if tries[False]:
        alternatives.append(_trie_pattern(tries[False]))
    return re.compile("|".join(alternatives) or "(?!)")


_EN_ENTRIES: Final = _en_entries()
_EN_MAP: Final[dict[str, str]] = {w.replace("_", ""): en for _, w, en in _EN_ENTRIES}
_EN_JOINERS: Final = str.maketrans("", "", " -")
_EN_ALL_RE: Final = _en_regex(_EN_ENTRIES)  # for name variants
_EN_RE = _EN_ALL_RE  # for fold; narrowed below to entries that change the key


def _en_sub(m: re.Match[str]) -> str:
    return _EN_MAP[m.group().translate(_EN_JOINERS)]


# Stand-alone words that carry no identity ("Ernst & Young" = "Ernst and Young").
_CONNECTORS: Final = frozenset({"&", "+", "and", "und", "n", "i", "и", "і", "та", "энд", "the"})

# Latin letters with diacritics: a few carry a sound of their own, the rest lose the mark.
_DIACRITIC_SPECIAL: Final[dict[str, str]] = {
    "š": "sh",
    "ŝ": "sh",
    "č": "ch",
    "ĉ": "ch",
    "ć": "ch",
    "ž": "zh",
    "ẑ": "zh",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "đ": "d",
    "ı": "i",
    "þ": "th",
}


def _build_diacritics() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _DIACRITIC_SPECIAL.items()}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        if cp in table or not ch.islower():
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    # Modifier letters used as soft/hard signs in transliterations (Ilʹja, obʺekt).
    for sign in "ʹʺʼˮ":
        table[ord(sign)] = ""
    return table


_DIACRITICS: Final = _build_diacritics()

# Latin digraphs, most specific first. Targets are Cyrillic letters on purpose: the
# final table maps Latin and Cyrillic to the key alphabet in one pass, so "sh" and
# "ш" meet while a Cyrillic "сх" (s + h) stays distinct.
_H_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("schtsch", "ш"),  # German Щ
    ("shch", "ш"),
    ("tsch", "ч"),
    ("sch", "ш"),
    ("shh", "ш"),  # GOST 7.79-B Щ
    ("dzh", "й"),  # Дж = English j, which meets й (see "j" below)
    ("tech", "tek"),  # English "ch" as k; "Technologies", "FinTech"
    ("igh", "ai"),  # Bright/Брайт, Light/Лайт
    ("tch", "ч"),
    ("sh", "ш"),
    ("zh", "ж"),
    ("ch", "ч"),
    ("kh", "х"),
    ("ph", "f"),
    ("th", "t"),
    ("gh", "g"),
)
_C_SOFT: Final = re.compile(r"c(?=[eiy])")  # English c before e/i/y sounds s
_NONWORD: Final = re.compile(r"[\W_]+")

_FINAL: Final = str.maketrans(
    {
        " ": None,
        # Latin letters whose sound has another usual spelling
        "j": "i",  # Jandeks = Yandex; English j also meets дж
        "y": "i",
        "w": "v",
        "q": "k",
        "x": "ks",
        "c": "k",
        # Cyrillic (Russian, Ukrainian, Belarusian, Kazakh, Serbian)
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "j",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "c",
        "ш": "x",
        "щ": "x",
        "ъ": "",
        "ы": "i",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
        "і": "i",
        "ї": "i",
        "є": "ie",
        "ґ": "g",
        "ў": "u",
        "ј": "i",
        "ә": "a",
        "ғ": "g",
        "қ": "k",
        "ң": "n",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "ђ": "di",
        "ћ": "c",
        "џ": "i",
        "љ": "li",
        "њ": "ni",
        "ѕ": "dz",
    }
)
_DOUBLE: Final = re.compile(r"([a-z])\1+")
_IU_AFTER_CONSONANT: Final = re.compile(r"(?<=[bcdfghjklmnpqrstvxz])iu")


def _fold_words(words: str, english: bool = True) -> str:
    """Fold a lower-case, space-separated string (legal form already removed)."""
    s = words
    if not s.isascii():
        if _CYR_RE.search(s):
            s = s.translate(_EN_MATCH_NORMAL)  # only merges letters the key merges anyway
            if english:
                s = _EN_RE.sub(_en_sub, s)
            s = s.replace("дж", "й")
        s = s.translate(_DIACRITICS)
    # Latin spelling rules work within words ("Avis Health" has no "sh"); the words are
    # joined before the letter-level rules so "Idea Soft" and "IdeaSoft" fold alike.
    s = _NONWORD.sub(" ", s)
    if "h" in s:
        for old, new in _H_RULES:
            if old in s:
                s = s.replace(old, new)
    if "c" in s:
        s = _C_SOFT.sub("s", s.replace("cz", "ч"))
    if "tz" in s:
        s = s.replace("tz", "ts")
    if "qu" in s:
        s = s.replace("qu", "kv")
    if "oo" in s:
        s = s.replace("oo", "u")  # Google/Гугл, Zoom/Зум
    s = _DOUBLE.sub(r"\1", s.translate(_FINAL))
    # ye/je/ie vs e (Yevgeniy/Evgenij, Andreyev/Andreev), lyu vs lu (Lyudmila/Ludmila).
    if "ie" in s or "iu" in s:
        s = _DOUBLE.sub(r"\1", _IU_AFTER_CONSONANT.sub("u", s.replace("ie", "e")))
    return s


# Entries whose plain transliteration already folds like the English ("дата", "лабс")
# only cost time and risk; fold uses the rest.
_EN_RE = _en_regex(
    e for e in _EN_ENTRIES if _fold_words(e[1].replace("_", ""), english=False) != _fold_words(e[2])
)


def _words(sp: _Split) -> list[str]:
    words = [sp.text[s:e] for s, e in sp.spans]
    kept = [w for w in words if w.lower() not in _CONNECTORS]
    return kept or words


def _join_lower(words: list[str]) -> str:
    # Camel-case humps are word starts, as spaces are: "АйдиаСофт", "AvisHealth".
    return _CAMEL_RE.sub(" ", " ".join(words)).lower()


def fold(text: str) -> str:
    """The strict matching key of an organisation name (see module docstring)."""
    return _fold_words(_join_lower(_words(_split(text))))


_SKELETON_DROP: Final = str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None})


def _skeleton_of(key: str) -> str:
    if not key:
        return ""
    first = "a" if key[0] in "aeiou" else key[0]
    s = (first + key[1:].translate(_SKELETON_DROP)).replace("h", "g")  # UA/BY г = h
    return _DOUBLE.sub(r"\1", s)


def skeleton(text: str) -> str:
    """Loose blocking key: the fold without vowels (a leading vowel becomes ``a``), h = g.

    Catches vowel habits the strict key cannot ("Google"/"Гугл", "Hryhorii"/"Grigorii")
    at the price of false pairs ("Softeq"/"SoftTeco"): use it to choose candidate
    pairs, then decide with ``similarity``.
    """
    return _skeleton_of(fold(text))


# --------------------------------------------------------------------------- variants


class _System(NamedTuple):
    name: str
    table: dict[str, str]
    # Spelling at a word start (BGN "ye" for е, Ukrainian "ya" for я) ...
    initial: dict[str, str]
    # ... and also after a vowel, ъ, ь or apostrophe (BGN, Belarusian; not Ukrainian).
    initial_after_vowel: bool
    # Spelling before е, и, ы, й, і (GOST "c" for ц).
    before_front: dict[str, str]


_BASE: Final[dict[str, str]] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "'": "",
    "’": "",
}


def _system(
    name: str,
    changes: dict[str, str],
    initial: dict[str, str] | None = None,
    before_front: dict[str, str] | None = None,
    *,
    initial_after_vowel: bool = True,
) -> _System:
    return _System(name, _BASE | changes, initial or {}, initial_after_vowel, before_front or {})


# BGN/PCGN 1947 (with the common "yo" for ё).
_BGN: Final = _system("BGN/PCGN", {}, initial={"е": "ye"})
# GOST 7.79-2000 system B, without the apostrophes it uses for ъ, ь, ы, э.
_GOST: Final = _system(
    "GOST 7.79-B",
    {"й": "j", "х": "x", "ц": "cz", "щ": "shh", "ґ": "g", "ї": "yi"},
    before_front={"ц": "c"},
)
# ISO 9 / scholarly with j-glides: Jandeks, Ščerbakov, Žukov, Čajka.
_ISO: Final = _system(
    "ISO 9",
    {
        "ё": "jo",
        "ж": "ž",
        "й": "j",
        "х": "h",
        "ц": "c",
        "ч": "č",
        "ш": "š",
        "щ": "šč",
        "ю": "ju",
        "я": "ja",
        "є": "je",
        "ї": "ji",
        "ў": "ŭ",
    },
)
# ICAO 9303 as in Russian passports (and unidecode): Iandeks, Aleksei.
_ICAO: Final = _system(
    "ICAO",
    {"ё": "e", "й": "i", "ъ": "ie", "ю": "iu", "я": "ia", "є": "ie", "ї": "i"},
)
# Ukrainian national (KMU 2010): Kharkiv, Hryhorii, Kyivstar.
_UKR: Final = _system(
    "Ukrainian national",
    {"г": "h", "и": "y", "й": "i", "ю": "iu", "я": "ia", "є": "ie", "ї": "i"},
    initial={"й": "y", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    initial_after_vowel=False,
)
# Belarusian national (2007): Lukašenka, Praŭda, Hrodna.
_BEL: Final = _system(
    "Belarusian national",
    {
        "г": "h",
        "ж": "ž",
        "й": "j",
        "х": "ch",
        "ц": "c",
        "ч": "č",
        "ш": "š",
        "ў": "ŭ",
        "е": "ie",
        "ё": "io",
        "ю": "iu",
        "я": "ia",
    },
    initial={"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
)

_CYR_VOWELS_AND_SIGNS: Final = frozenset("аеёиоуыэюяіїєъь'’")
_FRONT: Final = frozenset("еиыйієї")


def _translit_lower(word: str, system: _System) -> str:
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(word):
        rep = system.table.get(ch)
        if rep is None:
            out.append(ch)
        else:
            if ch in system.initial and (
                not prev or (system.initial_after_vowel and prev in _CYR_VOWELS_AND_SIGNS)
            ):
                rep = system.initial[ch]
            elif ch in system.before_front and word[i + 1 : i + 2] in _FRONT:
                rep = system.before_front[ch]
            out.append(rep)
        prev = ch if _CYR_RE.match(ch) or ch in "'’" else ""
    return "".join(out)


def _restore_case(original: str, out: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if not letters or not out:
        return out
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return out.upper()
    if letters[0].isupper():
        i = next((j for j, c in enumerate(out) if c.isalpha()), 0)
        return out[:i] + out[i].upper() + out[i + 1 :]
    return out


_NONWORD_KEEP: Final = re.compile(r"([^\w'’]+)")  # word separators, kept by re.split


def _by_parts(text: str, convert: Callable[[str], str]) -> str:
    """Apply ``convert`` to lower-case camel-case parts of each word, keeping their case."""
    out = []
    for chunk in _NONWORD_KEEP.split(text):
        if not chunk or _NONWORD_KEEP.fullmatch(chunk):
            out.append(chunk)
            continue
        parts = _CAMEL_RE.sub("\0", chunk).split("\0")
        out.append("".join(_restore_case(p, convert(p.lower())) for p in parts))
    return "".join(out)


def _cyr_to_lat(system: _System) -> Callable[[str], str]:
    def convert(part: str) -> str:
        return _translit_lower(part, system) if _CYR_RE.search(part) else part

    return convert


# Same as _EN_MATCH_NORMAL but length-preserving, so match spans index the original.
_EN_SPAN_NORMAL: Final = str.maketrans("ёэіыйї", "ееииии")


def _english_then_bgn(part: str) -> str:
    if not _CYR_RE.search(part):
        return part
    out, pos = [], 0
    for m in _EN_ALL_RE.finditer(part.translate(_EN_SPAN_NORMAL)):
        out += [_translit_lower(part[pos : m.start()], _BGN), _en_sub(m)]
        pos = m.end()
    out.append(_translit_lower(part[pos:], _BGN))
    return "".join(out)


# Latin -> Cyrillic, as Russian speakers usually render a Latin name.
_LAT_CYR: Final[dict[str, str]] = {
    "shch": "щ",
    "sch": "ш",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "tz": "ц",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
    "ye": "е",
    "ja": "я",
    "ju": "ю",
    "ph": "ф",
    "th": "т",
    "ck": "к",
    "qu": "кв",
    "ee": "и",
    "oo": "у",
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "и",
    "z": "з",
}
_LAT_CYR_RE: Final = re.compile(
    "|".join(sorted((k for k in _LAT_CYR if len(k) > 1), key=len, reverse=True)) + "|[a-z]"
)


def _lat_cyr_sub(m: re.Match[str]) -> str:
    g = m.group()
    if g == "c":
        return "с" if m.end() < len(m.string) and m.string[m.end()] in "eiy" else "к"
    if g == "y" and m.start() > 0 and m.string[m.start() - 1] in "aeiou":
        return "й"
    if g == "e" and m.start() == 0:
        return "э"  # EPAM -> ЭПАМ
    return _LAT_CYR[g]


# Preferred Cyrillic spelling of an English word, from the table above.
_EN_TO_CYR: Final[dict[str, str]] = {
    en: spellings.split()[0].strip("*^$").replace("_", "") for en, spellings in _ENGLISH_IN_CYRILLIC
}


def _lat_to_cyr(part: str) -> str:
    if _CYR_RE.search(part) or not part.isascii():
        return part
    return _LAT_CYR_RE.sub(_lat_cyr_sub, part)


def _lat_to_cyr_english(part: str) -> str:
    return _EN_TO_CYR.get(part) or _lat_to_cyr(part)


_LATIN_SYSTEMS: Final = (_BGN, _GOST, _ISO, _ICAO)


def name_variants(name: str) -> set[str]:
    """Other spellings of a name (legal form removed), for search indexing.

    Cyrillic parts are transliterated under BGN/PCGN, GOST 7.79-B, ISO 9 (ja/ju, with
    diacritics), ICAO passport rules, the Ukrainian or Belarusian national system when
    the name uses their letters, and once with English loanwords restored
    ("АйдиаСофт" -> "IdeaSoft"). Latin parts get a letter-by-letter Cyrillic rendering
    and one with known English words in their usual Cyrillic form ("IdeaSoft" ->
    "АйдиаСофт"). The bare name itself is not included.
    """
    bare, _ = split_legal_form(name)
    if not bare:
        return set()
    variants: set[str] = set()
    if _CYR_RE.search(bare):
        systems = list(_LATIN_SYSTEMS)
        lower = bare.lower()
        if any(c in lower for c in "ґєї") or ("і" in lower and not any(c in lower for c in "ыэў")):
            systems.append(_UKR)
        elif "ў" in lower or "і" in lower:
            systems.append(_BEL)
        variants.update(_by_parts(bare, _cyr_to_lat(s)) for s in systems)
        variants.add(_by_parts(bare, _english_then_bgn))
    if _LAT_RE.search(bare):
        variants.add(_by_parts(bare, _lat_to_cyr))
        variants.add(_by_parts(bare, _lat_to_cyr_english))
    variants.discard(bare)
    return variants


# --------------------------------------------------------------------------- search


# Descriptive words that do not identify a company on their own. A name that differs
# from another only by these ("EPAM" / "EPAM Systems") is a likely duplicate, not a sure one.
_DESCRIPTOR_WORDS: Final = (
    "systems system solutions solution technologies technology tech labs lab group"
    " development software soft consulting services service studio studios holding"
    " international global partners team agency company digital ukraine belarus"
    " poland europe"
)
_DESCRIPTORS: Final = tuple(
    sorted({_fold_words(w) for w in _DESCRIPTOR_WORDS.split()}, key=len, reverse=True)
)
_DESCRIPTOR_SET: Final = frozenset(_DESCRIPTORS)
# Everyday words too common to identify a company even when everything else matches.
_WEAK_WORDS_TEXT: Final = (
    "data web net smart cloud it info code app apps mobile game games media art pro"
    " star best top new first one euro bel"
)
_WEAK_WORDS: Final = frozenset(_fold_words(w) for w in _WEAK_WORDS_TEXT.split())


def _strips(key: str) -> list[str]:
    """The key, then the key with each further trailing descriptive word removed."""
    chain = [key]
    while True:
        for d in _DESCRIPTORS:
            if key.endswith(d) and len(key) - len(d) >= 3:
                key = key[: -len(d)]
                chain.append(key)
                break
        else:
            return chain


def _shared_core(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """The longest distinctive name both ``_strips`` chains reach."""
    for core in a:
        if core in b:
            distinctive = core not in _DESCRIPTOR_SET and core not in _WEAK_WORDS
            return core if distinctive else None
    return None


_SILENT_E: Final = re.compile(r"(?<=[a-z])ce\b|(?<=[b-df-hj-np-tv-z])e\b")


def _drop_silent_e(m: re.Match[str]) -> str:
    return "s" if m.group() == "ce" else ""


def _silent_e_key(sp: _Split) -> str:
    """Fold with English word-final e dropped ("SoftServe"/"Софтсерв", "Google"/"Гугл").

    Words of the English-in-Cyrillic table keep theirs: both scripts already meet there.
    """
    words = _CAMEL_RE.sub(" ", " ".join(_words(sp))).lower().split()
    s = " ".join(w if w in _EN_TO_CYR else _SILENT_E.sub(_drop_silent_e, w) for w in words)
    return _fold_words(s)


def search_keys(name: str) -> list[str]:
    """Keys to store for a name so a prefix match on ``fold(query)`` finds it.

    The first key is ``fold(name)``; then the fold without English silent e's, the folds
    of ``name_variants`` (so "Xabarov" finds "Хабаров"), and the folds of the name from
    each later word on ("Serve" finds "Soft Serve"), skipping descriptive words.
    """
    sp = _split(name)
    words = _words(sp)
    first = _fold_words(_join_lower(words))
    keys = [first, _silent_e_key(sp)]
    variants = sorted(name_variants(name))
    keys.extend(fold(v) for v in variants)
    # Cyrillic typed in one lower-case run ("санвэр") misses the whole-word English table.
    keys.extend(_fold_words(_join_lower([v]), english=False) for v in variants)
    parts = _CAMEL_RE.sub(" ", " ".join(words)).split()
    for i in range(1, len(parts)):
        tail = _fold_words(_join_lower(parts[i:]))
        if len(tail) >= 3 and tail not in _DESCRIPTOR_SET:
            keys.append(tail)
    return list(dict.fromkeys(k for k in keys if k))


# --------------------------------------------------------------------------- similarity


@dataclass(frozen=True, slots=True)
class Match:
    """How alike two names are: ``score`` in 0..1 and why, in plain English."""

    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def is_same(self) -> bool:
        return self.score >= MERGE_THRESHOLD

    @property
    def needs_review(self) -> bool:
        return REVIEW_THRESHOLD <= self.score < MERGE_THRESHOLD


class _Profile(NamedTuple):
    bare: str
    form: str | None
    spelled: str  # lower case, punctuation and spaces removed, no transliteration
    key: str
    keys: frozenset[str]  # key and silent-e key: compared letter by letter
    script: str
    strips: tuple[str, ...]  # key without trailing descriptive words, one by one
    skeleton: str


def _script(text: str) -> str:
    cyr, lat = bool(_CYR_RE.search(text)), bool(_LAT_RE.search(text))
    return "mixed" if cyr and lat else "Cyrillic" if cyr else "Latin" if lat else "other"


@lru_cache(maxsize=65536)
def _profile(name: str) -> _Profile:
    sp = _split(name)
    bare, form = _bare(sp)
    key = _fold_words(_join_lower(_words(sp)))
    keys = frozenset(k for k in (key, _silent_e_key(sp)) if k)
    spelled = _NONWORD.sub("", bare.lower())
    return _Profile(
        bare, form, spelled, key, keys, _script(bare), tuple(_strips(key)), _skeleton_of(key)
    )


@lru_cache(maxsize=65536)
def _alt_keys(name: str) -> frozenset[str]:
    """Folds of the other transliterations of a name: compared for equality only.

    Separate from the profile because only pairs across scripts need them, and
    ``name_variants`` is the slow part of a profile.
    """
    return frozenset(fold(v) for v in name_variants(name))


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance: Levenshtein plus adjacent transpositions."""
    if a == b:
        return 0
    # Common ends cost nothing; trimming them keeps the quadratic part small.
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    # Plain loops and comparisons: this runs for every candidate pair of a dedupe.
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    last_a = ""
    for i, ca in enumerate(a, 1):
        cur = [i]
        left = i
        last_b = ""
        for j, cb in enumerate(b, 1):
            d = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < d:
                d = prev[j] + 1
            if left + 1 < d:
                d = left + 1
            if ca == last_b and cb == last_a and prev2[j - 2] + 1 < d:
                d = prev2[j - 2] + 1
            cur.append(d)
            left = d
            last_b = cb
        prev2, prev = prev, cur
        last_a = ca
    return prev[-1]


_DIGITS: Final = re.compile(r"\d+")
# Letter-level likeness alone never merges.
_FUZZY_CAP: Final = round(MERGE_THRESHOLD - 0.01, 2)


def _form_reasons(a: _Profile, b: _Profile) -> list[str]:
    if a.form and b.form and a.form != b.form:
        return [f"legal forms differ ({a.form} vs {b.form})"]
    if a.form or b.form:
        return [f"same name after removing legal form ({a.form or b.form})"]
    return []


def _crosses_scripts(scripts: set[str]) -> bool:
    return ("Cyrillic" in scripts and len(scripts) > 1) or "mixed" in scripts


def _letters(n: int) -> str:
    return f"{n} letter" if n == 1 else f"{n} letters"


def similarity(a: str, b: str) -> Match:
    """Score two organisation names 0..1 with reasons.

    1.0 identical; 0.97 same spelling up to case, punctuation and legal form;
    0.95 same ``fold`` (e.g. across Cyrillic and Latin); 0.93 same across scripts once
    English silent e is dropped ("SoftServe" / "Софтсерв"); 0.92 same under another
    transliteration system ("Xabarov" / "Хабаров"); 0.85 same distinctive name differing only in descriptive
    words ("EPAM" / "EPAM Systems", for review); otherwise the share of letters the
    folded keys have in common (one edit in ten letters: 0.9), capped just below merge:
    a name that needs a letter changed is a human's call ("Glostritan" / "Glostriton"
    are two brands). Capped below review when one short name only extends the other
    ("Softeq" / "SoftTeco") or the numbers differ.
    """
    pa, pb = _profile(a), _profile(b)
    if not pa.key or not pb.key:
        return Match(0.0, ["a name is empty"])
    forms = _form_reasons(pa, pb)
    if pa.spelled == pb.spelled:
        if pa.bare == pb.bare and pa.form == pb.form:
            return Match(1.0, ["identical name"])
        reasons = forms.copy()
        if pa.bare != pb.bare:
            reasons.append("same name ignoring case, spacing, quotes and punctuation")
        return Match(1.0 if pa.form == pb.form else 0.97, reasons)
    scripts = {pa.script, pb.script}
    if pa.key == pb.key:
        if _crosses_scripts(scripts):
            how = "same name across Cyrillic and Latin"
        else:
            how = "same name in another transliteration or spelling habit"
        return Match(0.95, [how, *forms])
    if pa.keys & pb.keys and _crosses_scripts(scripts):
        # Only across scripts: within Latin, "Bit" and "Bite" are different spellings.
        return Match(0.93, ["same name once English silent e is ignored", *forms])
    if _crosses_scripts(scripts) and (pa.keys & _alt_keys(b) or pb.keys & _alt_keys(a)):
        return Match(0.92, ["same name under another transliteration system", *forms])

    core = _shared_core(pa.strips, pb.strips)
    if core is not None:
        return Match(
            0.85, [f"same distinctive name ({core!r}); differs only in descriptive words", *forms]
        )

    score, dist, ka, kb = max(
        (1.0 - (d := _osa(ka, kb)) / max(len(ka), len(kb)), d, ka, kb)
        for ka in pa.keys
        for kb in pb.keys
    )
    score = min(score, _FUZZY_CAP)
    reasons = [f"names differ by {_letters(dist)} ({ka!r} vs {kb!r})"]
    short, long_ = sorted((ka, kb), key=len)
    if _DIGITS.findall(ka) != _DIGITS.findall(kb):
        score = min(score, 0.5)
        reasons.append("numbers in the names differ")
    elif len(short) < 8 and (long_.startswith(short) or long_.endswith(short)):
        score = min(score, REVIEW_THRESHOLD - 0.1)
        reasons.append(f"one name only extends the other ({short!r} in {long_!r})")
    if pa.skeleton == pb.skeleton:
        reasons.append("same consonant skeleton")
    if _crosses_scripts(scripts):
        reasons.append("compared across Cyrillic and Latin")
    return Match(round(max(0.0, score), 3), reasons + forms)
