"""Organisations and people as plain records, from a seed, without touching the database.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, one organisation after
another with its people, so the stream is the same for the same seed whatever the batch size.
"""

from __future__ import annotations

import math
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Generic, TypeVar

from softlanding.core.synthetic import words

T = TypeVar("T")

DEFAULT_SEED = 2020
# Founding years are counted back from a fixed year, never from today, so a seed gives the
# same data next year too.
REFERENCE_YEAR = 2025
OWNED_SHARE = 0.3


@dataclass(slots=True)
class PersonRecord:
    first_name: str
    last_name: str
    first_name_cyrillic: str
    last_name_cyrillic: str
    job_title: str
    email: str
    phone: str
    languages: list[str]
    country: str


@dataclass(slots=True)
class OrganizationRecord:
    name: str
    legal_form: str
    country: str
    city: str
    website: str
    domain: str
    employees: int | None
    founded: int | None
    markets: list[str]
    specialities: list[str]
    aliases: list[str] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    # The n-th organisation to get an owner (owners are handed out round-robin), or None.
    owner_slot: int | None = None
    notes: str = ""


class Choice(Generic[T]):
    """A weighted choice with precomputed cumulative weights (``rng.choices`` rebuilds them
    on every call, which shows at a million rows)."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, weighted: Sequence[tuple[T, int | float]]) -> None:
        self.items = [item for item, _ in weighted]
        self.cumulative = list(accumulate(weight for _, weight in weighted))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]

    def pick_distinct(self, rng: random.Random, count: int) -> list[T]:
        count = min(count, len(self.items))
        chosen: list[T] = []
        while len(chosen) < count:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def _one_of(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its rejection sampling, which shows at millions of calls."""
    return items[int(rng.random() * len(items))]


class NameSpace:
    """Hands out every combination of a few word lists once, in a seeded scrambled order.

    A combination is a mixed-radix number; an affine map ``(a * k + b) mod size`` with ``a``
    coprime to ``size`` is a permutation of them, so names stay unique without remembering
    the ones already used: memory does not grow with the number of organisations.
    """

    __slots__ = ("multiplier", "next_index", "offset", "radices", "size")

    def __init__(self, radices: Sequence[int], rng: random.Random) -> None:
        self.radices = tuple(radices)
        self.size = math.prod(self.radices)
        self.next_index = 0
        self.multiplier = 1
        if self.size > 2:
            # A multiplier far from 0 and 1 so neighbours do not share their first word.
            while True:
                self.multiplier = rng.randrange(self.size // 4, 3 * self.size // 4) | 1
                if math.gcd(self.multiplier, self.size) == 1:
                    break
        self.offset = rng.randrange(self.size)

    @property
    def exhausted(self) -> bool:
        return self.next_index >= self.size

    def take(self) -> tuple[int, ...]:
        value = (self.multiplier * self.next_index + self.offset) % self.size
        self.next_index += 1
        digits = []
        for radix in self.radices:
            value, digit = divmod(value, radix)
            digits.append(digit)
        return tuple(digits)

    def restart(self) -> None:
        self.next_index = 0


def _ascii(text: str) -> str:
    """Letters for an e-mail address: "Paweł Wiśniewski" → "pawel", "wisniewski"."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


@dataclass(frozen=True, slots=True)
class _GivenName:
    latin: str
    cyrillic: str
    ascii: str


@dataclass(frozen=True, slots=True)
class _Surname:
    latin: str
    cyrillic: str
    ascii: str
    latin_f: str
    cyrillic_f: str
    ascii_f: str


def _given_names(table: dict[str, tuple[words.Pair, ...]]) -> dict[str, tuple[_GivenName, ...]]:
    return {
        nationality: tuple(_GivenName(lat, cyr, _ascii(lat)) for lat, cyr in names)
        for nationality, names in table.items()
    }


def _surnames() -> dict[str, tuple[_Surname, ...]]:
    result: dict[str, tuple[_Surname, ...]] = {}
    for nationality, names in words.SURNAMES.items():
        forms = []
        for entry in names:
            latin, cyrillic = entry[0], entry[1]
            if len(entry) == 4:
                latin_f, cyrillic_f = entry[2], entry[3]
            else:
                latin_f, cyrillic_f = words.feminine(latin, cyrillic, nationality)
            forms.append(
                _Surname(latin, cyrillic, _ascii(latin), latin_f, cyrillic_f, _ascii(latin_f))
            )
        result[nationality] = tuple(forms)
    return result


_MALE = _given_names(words.MALE_NAMES)
_FEMALE = _given_names(words.FEMALE_NAMES)
_SURNAMES = _surnames()

# Titles an organisation has at most once.
_UNIQUE_ROLES = frozenset(
    {
        "CTO",
        "COO",
        "CFO",
        "Head of HR",
        "Head of Sales",
        "Delivery Director",
        "VP Engineering",
        "Head of Engineering",
        "Head of Marketing",
        "Chief Accountant",
    }
)
# Sole traders are one person with a helper or two.
_SOLE_TRADER_FORMS = frozenset({"ИП", "ФОП"})

# Names of different patterns must not spell the same domain: an invented brand "Iron" with
# "Tech" would take irontech.ru from the compound "IronTech", "Datanet" datanet.com from
# "DataNet". Compounds and places are the small fixed sets; the other patterns avoid them.
_COMPOUND_SLUGS = frozenset(
    (stem + suffix).lower() for stem, _ in words.NAME_STEMS for suffix, _ in words.JOINED_SUFFIXES
)
_TAKEN_BRANDS = _COMPOUND_SLUGS | {place.lower() for place, _ in words.PLACE_WORDS}

# Name patterns and their shares; a pattern whose combinations run out gives way to the
# largest one ("brand + suffix", about four million names).
_COMPOUND, _PLACE, _BRAND, _BRAND_SUFFIX = range(4)
_PATTERN_WEIGHTS = ((_COMPOUND, 35), (_PLACE, 8), (_BRAND, 17), (_BRAND_SUFFIX, 40))
# People per organisation grow with head count, sub-linearly: one contact at a sole trader,
# several at a large company. The mean of employees ** 0.35 over the log-normal head count
# (measured once) scales it so the expected number matches the requested ratio.
_PEOPLE_EXPONENT = 0.35
_MEAN_PEOPLE_WEIGHT = 2.6


class Generator:
    """A deterministic stream of organisations, each with its people."""

    def __init__(
        self,
        *,
        seed: int,
        organizations: int,
        people: int,
        reserved_names: frozenset[str] = frozenset(),
    ) -> None:
        if organizations < 0 or people < 0:
            raise ValueError("counts must not be negative")
        if people and not organizations:
            raise ValueError("people need organisations to work at")
        self.rng = random.Random(seed)
        self.organizations = organizations
        self.people = people
        self.reserved_names = reserved_names
        rng = self.rng
        self._countries = Choice(words.COUNTRY_WEIGHTS)
        self._legal_forms = {c: Choice(forms) for c, forms in words.LEGAL_FORMS.items()}
        self._cities = {
            c: Choice([(latin, weight) for latin, _, weight in cities])
            for c, cities in words.CITIES.items()
        }
        self._tlds = {c: Choice(tlds) for c, tlds in words.TLDS.items()}
        self._markets_export = Choice(words.MARKETS_EXPORT)
        self._markets_home = Choice(words.MARKETS_HOME)
        self._specialities = Choice(words.SPECIALITIES)
        self._nationalities = {c: Choice(n) for c, n in words.NATIONALITY_WEIGHTS.items()}
        self._head_roles = Choice(words.HEAD_ROLES)
        self._roles = Choice(words.ROLES)
        self._patterns = Choice(_PATTERN_WEIGHTS)

        # Shuffled copies of the word lists, so each seed orders the combinations its own way.
        def shuffled(items: Sequence[words.Pair]) -> list[words.Pair]:
            copy = list(items)
            rng.shuffle(copy)
            return copy

        self._stems = shuffled(words.NAME_STEMS)
        self._joined = shuffled(words.JOINED_SUFFIXES)
        self._places = shuffled(words.PLACE_WORDS)
        self._spaced = shuffled(words.SPACED_SUFFIXES)
        self._starts = shuffled(words.BRAND_STARTS)
        # The extra last middle means "no middle syllable": two-syllable brands.
        self._middles = [*shuffled(words.BRAND_MIDDLES), ("", "")]
        self._endings = shuffled(words.BRAND_ENDINGS)
        brand_radices = (len(self._starts), len(self._middles), len(self._endings))
        self._spaces = {
            _COMPOUND: NameSpace((len(self._stems), len(self._joined)), rng),
            _PLACE: NameSpace((len(self._places), len(self._spaced)), rng),
            _BRAND: NameSpace(brand_radices, rng),
            _BRAND_SUFFIX: NameSpace((*brand_radices, len(self._spaced)), rng),
        }
        # After every combination is used, names repeat and domains get a number ("2", "3").
        self._round = 1

    # --- names -----------------------------------------------------------------------------

    def _brand(self, start: int, middle: int, ending: int) -> words.Pair:
        s, m, e = self._starts[start], self._middles[middle], self._endings[ending]
        return s[0] + m[0] + e[0], s[1] + m[1] + e[1]

    def _draw_name(self) -> tuple[str, str]:
        pattern = self._patterns.pick(self.rng)
        if self._spaces[pattern].exhausted:
            pattern = _BRAND_SUFFIX
        if self._spaces[pattern].exhausted:
            self._round += 1
            for space in self._spaces.values():
                space.restart()
        digits = self._spaces[pattern].take()
        if pattern == _COMPOUND:
            stem, suffix = self._stems[digits[0]], self._joined[digits[1]]
            if stem[0] == suffix[0]:  # "DataData"
                return "", ""
            return stem[0] + suffix[0], stem[1] + suffix[1]
        if pattern == _PLACE:
            place, suffix = self._places[digits[0]], self._spaced[digits[1]]
            if _slug(place[0] + suffix[0]) in _COMPOUND_SLUGS:
                return "", ""
            return f"{place[0]} {suffix[0]}", f"{place[1]} {suffix[1]}"
        latin, cyrillic = self._brand(digits[0], digits[1], digits[2])
        if _slug(latin) in _TAKEN_BRANDS:
            return "", ""
        if pattern == _BRAND:
            return latin, cyrillic
        suffix = self._spaced[digits[3]]
        if _slug(latin + suffix[0]) in _COMPOUND_SLUGS:
            return "", ""
        return f"{latin} {suffix[0]}", f"{cyrillic} {suffix[1]}"

    def _name(self) -> tuple[str, str]:
        while True:
            latin, cyrillic = self._draw_name()
            if latin and latin not in self.reserved_names:
                return latin, cyrillic

    # --- organisations ---------------------------------------------------------------------

    def __iter__(self) -> Iterator[OrganizationRecord]:
        rng = self.rng
        ratio = self.people / self.organizations if self.organizations else 0.0
        # People follow size but the running total tracks people * i / organizations within a
        # tolerance, so the requested total is met exactly and no batch grows unbounded.
        tolerance = max(5, math.ceil(5 * ratio))
        assigned = 0
        owner_slot = 0
        for index in range(self.organizations):
            org = self._organization()
            if rng.random() < OWNED_SHARE:
                org.owner_slot = owner_slot
                owner_slot += 1
            weight = (org.employees or 5) ** _PEOPLE_EXPONENT
            want = int(ratio * weight / _MEAN_PEOPLE_WEIGHT + rng.random())
            if org.legal_form in _SOLE_TRADER_FORMS:
                want = min(want, 2)
            if index == self.organizations - 1:
                count = self.people - assigned
            else:
                target = self.people * (index + 1) // self.organizations
                low = target - assigned - tolerance
                high = min(target - assigned + tolerance, self.people - assigned)
                count = max(0, min(max(want, low), high))
            assigned += count
            if count:
                self._add_people(org, count)
            yield org

    def _organization(self) -> OrganizationRecord:
        rng = self.rng
        latin, cyrillic = self._name()
        country = self._countries.pick(rng)
        legal_form = self._legal_forms[country].pick(rng)
        city = self._cities[country].pick(rng)
        employees: int | None
        if legal_form in _SOLE_TRADER_FORMS:
            employees = rng.randint(1, 5)
        elif rng.random() < 0.04:
            employees = None  # registries often do not say
        else:
            # Log-normal: most companies have a dozen people, a few have thousands.
            employees = min(20000, max(1, int(rng.lognormvariate(2.6, 1.35))))
        age = rng.expovariate(1 / 6) + 1.8 * math.log1p(employees or 10)
        founded = max(1991, REFERENCE_YEAR - int(age))
        slug = _slug(latin)
        if self._round > 1:
            slug += str(self._round)
        domain = f"{slug}.{self._tlds[country].pick(rng)}"
        markets_from = (
            self._markets_home if country in words.HOME_MARKET_COUNTRIES else self._markets_export
        )
        markets = markets_from.pick_distinct(rng, 1 + _bernoulli_sum(rng, (0.6, 0.35, 0.15)))
        specialities = self._specialities.pick_distinct(
            rng, 2 + _bernoulli_sum(rng, (0.7, 0.4, 0.2))
        )
        aliases = []
        if country in words.CYRILLIC_COUNTRIES:
            local = words.to_ukrainian(cyrillic) if country == "UA" else cyrillic
            aliases.append(f"{legal_form} «{local}»")
        elif rng.random() < 0.25:
            # Emigrant founders' companies abroad are still known at home by the Cyrillic name.
            aliases.append(cyrillic)
        return OrganizationRecord(
            name=latin,
            legal_form=legal_form,
            country=country,
            city=city,
            website=f"https://{domain}",
            domain=domain,
            employees=employees,
            founded=founded,
            markets=markets,
            specialities=specialities,
            aliases=aliases,
        )

    # --- people ----------------------------------------------------------------------------

    def _add_people(self, org: OrganizationRecord, count: int) -> None:
        rng = self.rng
        used_roles: set[str] = set()
        used_emails: set[str] = set()
        for position in range(count):
            if position == 0:
                role = self._head_roles.pick(rng)
            else:
                role = self._roles.pick(rng)
                for _ in range(3):
                    if role not in used_roles:
                        break
                    role = self._roles.pick(rng)
                else:
                    role = "Senior Software Engineer"
            if role in _UNIQUE_ROLES:
                used_roles.add(role)
            org.people.append(self._person(org, role, used_emails))

    def _person(self, org: OrganizationRecord, role: str, used_emails: set[str]) -> PersonRecord:
        rng = self.rng
        nationality = self._nationalities[org.country].pick(rng)
        female = rng.random() < 0.35
        given = _one_of(rng, (_FEMALE if female else _MALE)[nationality])
        surname = _one_of(rng, _SURNAMES[nationality])
        last_latin, last_cyrillic, last_ascii = (
            (surname.latin_f, surname.cyrillic_f, surname.ascii_f)
            if female
            else (surname.latin, surname.cyrillic, surname.ascii)
        )
        style = rng.random()
        if style < 0.55:
            local = f"{given.ascii}.{last_ascii}"
        elif style < 0.8:
            local = f"{given.ascii[0]}.{last_ascii}"
        elif style < 0.9:
            local = given.ascii
        else:
            local = f"{given.ascii}{last_ascii[0]}"
        if local in used_emails:
            local = f"{given.ascii}.{last_ascii}{len(used_emails) + 1}"
        used_emails.add(local)
        languages = [
            language
            for language, probability in words.NATIVE_LANGUAGES[nationality]
            if probability >= 1.0 or rng.random() < probability
        ]
        if rng.random() < 0.75:
            languages.append("en")
        if org.country == "PL" and nationality != "pl" and rng.random() < 0.3:
            languages.append("pl")
        return PersonRecord(
            first_name=given.latin,
            last_name=last_latin,
            first_name_cyrillic=given.cyrillic,
            last_name_cyrillic=last_cyrillic,
            job_title=role,
            email=f"{local}@{org.domain}",
            phone=phone_number(rng, org.country),
            languages=languages,
            country=org.country,
        )


def _slug(name: str) -> str:
    return name.lower().replace(" ", "")


def _bernoulli_sum(rng: random.Random, probabilities: Sequence[float]) -> int:
    return sum(1 for p in probabilities if rng.random() < p)


def _phone_format(code: str, operators: tuple[str, ...], groups: tuple[int, ...]) -> _PhoneFormat:
    slices = []
    start = 0
    for size in groups:
        slices.append(slice(start, start + size))
        start += size
    return _PhoneFormat(code, operators, start, 10**start, tuple(slices))


@dataclass(frozen=True, slots=True)
class _PhoneFormat:
    code: str
    operators: tuple[str, ...]
    digits: int
    limit: int
    groups: tuple[slice, ...]


_PHONE_FORMATS = {c: _phone_format(*spec) for c, spec in words.PHONE_FORMATS.items()}


def phone_number(rng: random.Random, country: str) -> str:
    """A mobile number in international form with the usual spacing: +375 29 123 45 67."""
    fmt = _PHONE_FORMATS[country]
    digits = str(int(rng.random() * fmt.limit)).zfill(fmt.digits)
    groups = " ".join(digits[group] for group in fmt.groups)
    return f"{fmt.code} {_one_of(rng, fmt.operators)} {groups}"
