"""Duplicate organisations: scoring a pair, scanning the registry, clustering the candidates.

``score_pair(a, b)``
    Name similarity (``names.similarity`` over the best pair of the two organisations' names
    and other names) combined with evidence: a shared, non-generic website or e-mail domain
    raises a pair to merge level even when the names are spelled differently; a name-only
    match needs the same country (the same name in two countries stays below review); two
    different company domains keep a pair from looking certain. Reasons are plain English.

``scan_for_duplicates()``
    Streams the registry in blocks and never holds it in memory (see "How the scan blocks"
    below), scores the pairs inside each block and writes ``DuplicateCandidate`` rows for those
    at ``REVIEW_THRESHOLD`` and above. Candidates staff have decided (merged, rejected) are
    never touched.

``candidate_clusters()``
    Pending candidates joined into connected groups (A~B and B~C are one group of three).

``find_matches(name, country=..., domain=...)``
    Organisations a new name may duplicate: for the import and the portal, two indexed lookups.

How the scan blocks
    Blocking keys are what ``OrganizationNameKey`` holds, and nothing else is assumed: an
    organisation created through ``services`` has every ``names.search_keys`` of every name
    (folds of the other transliterations included); one written by the bulk seeder
    (``core.synthetic.load``) has only ``names.fold`` of its name and aliases. Three passes:

    1. *Equal key*: the keys are read ordered by (country, key); a run of equal keys in one
       country is a block. Country first because a name alone never makes a candidate
       across countries; that takes a shared domain, which pass 3 covers.
    2. *Neighbouring keys* (sorted neighbourhood): each key is also compared with the
       ``WINDOW`` keys before it in the same order, and the organisations behind the two keys
       are paired when the keys share their first letters and are a few edits apart or one
       extends the other ("EPAM" / "EPAM Systems", "Glostritan" / "Glostriton").
    3. *Equal domain*: active organisations ordered by ``domain`` (indexed); a run of one
       non-generic domain is a block, across countries.

    Before these, every pending candidate is scored again, so that one whose names or
    country changed since is refreshed or dropped even when no block pairs it any more.

    A block of more than ``MAX_BLOCK`` organisations (a very common name, a hosting domain)
    is skipped and reported in ``ScanSummary.notes``: its pairs would be quadratic and its
    members are rarely one company. Pairs are collected up to ``batch_size``, then the names,
    aliases, countries and domains of their organisations are fetched in two queries, scored,
    and written with bulk operations in one transaction: the number of queries grows with
    the number of batches, never with the number of organisations.

    Pairs whose first letters differ in fold ("Ёлка" folded ``elka`` / "Yolka" ``iolka``)
    only meet when the stored keys include the other transliterations, that is for
    organisations written through ``services``; not for bulk-seeded ones.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations, groupby
from typing import Final

from django.db import transaction
from django.db.models import Q

from softlanding.prospects import names
from softlanding.prospects.enums import CandidateStatus
from softlanding.prospects.models import (
    DuplicateCandidate,
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
)
from softlanding.prospects.names import REVIEW_THRESHOLD, Match

__all__ = [
    "GENERIC_DOMAINS",
    "Cluster",
    "ClusterMember",
    "Entity",
    "ScanSummary",
    "candidate_clusters",
    "find_matches",
    "is_generic_domain",
    "scan_for_duplicates",
    "score_pair",
]

KEY_MAX: Final = OrganizationNameKey._meta.get_field("key").max_length or 300

# --------------------------------------------------------------------------- evidence

# Mail, hosting and social domains many unrelated organisations share: never evidence.
_GENERIC_DOMAINS_TEXT: Final = """
    gmail.com googlemail.com google.com outlook.com hotmail.com live.com msn.com yahoo.com
    ymail.com aol.com icloud.com me.com mac.com proton.me protonmail.com pm.me gmx.com gmx.de
    gmx.net web.de t-online.de mail.com zoho.com yandex.com yandex.ru yandex.by yandex.kz
    yandex.ua ya.ru mail.ru inbox.ru list.ru bk.ru internet.ru rambler.ru lenta.ru ro.ru
    autorambler.ru myrambler.ru tut.by mail.by open.by gmail.by ukr.net i.ua meta.ua bigmir.net
    online.ua email.ua mail.ua mail.kz inbox.kz bk.kz onet.pl wp.pl o2.pl interia.pl seznam.cz
    inbox.lv inbox.lt mail.ee hot.ee qip.ru
    facebook.com fb.com instagram.com linkedin.com twitter.com x.com vk.com ok.ru t.me
    telegram.me youtube.com github.com gitlab.com bitbucket.org github.io medium.com
    wixsite.com wix.com tilda.ws tilda.cc blogspot.com wordpress.com sites.google.com
    narod.ru ucoz.ru ucoz.net hh.ru rabota.by jobs.tut.by clutch.co upwork.com
"""
GENERIC_DOMAINS: Final[frozenset[str]] = frozenset(_GENERIC_DOMAINS_TEXT.split())

# Below review: a name alone, in two countries.
_OTHER_COUNTRY_CAP: Final = round(REVIEW_THRESHOLD - 0.05, 2)
# A shared domain with names that are at least this alike: the same organisation.
_DOMAIN_NAMES_ALIKE: Final = 0.6
_DOMAIN_SAME_SCORE: Final = 0.95
# A shared domain with unrelated names: a rename or a group company, for a person to look at.
_DOMAIN_ONLY_SCORE: Final = 0.85
# Two different company websites take this much off a name match: across scripts a spelling
# difference is expected and says nothing, so the websites alone only make it less certain...
_OTHER_DOMAIN_PENALTY: Final = 0.1
# ... but two spellings in one script ("Itera" / "Iterra", "Fabrika" / "Fabrica") with two
# websites are two brands.
_OTHER_DOMAIN_SAME_SCRIPT_PENALTY: Final = 0.2
# A name match this good or better is the same spelling (case, punctuation, legal form).
_SAME_SPELLING: Final = 0.97
_CYRILLIC: Final = re.compile("[\u0400-\u04ff]")


def _clean_domain(domain: str) -> str:
    return domain.strip().lower().rstrip(".").removeprefix("www.")


def is_generic_domain(domain: str) -> bool:
    """A mail or hosting domain shared by unrelated organisations (gmail.com, tut.by...)."""
    return _clean_domain(domain) in GENERIC_DOMAINS


def _brand_label(domain: str) -> str:
    """The label in front of the public suffix: 'ideasoft' for ideasoft.io and ideasoft.com.by."""
    labels = domain.replace("-", "").split(".")
    # Second-level registries: com.by, co.uk, com.ua, org.pl ...
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else domain


@dataclass(frozen=True, slots=True)
class Entity:
    """What ``score_pair`` compares: every name of an organisation, its country and domain."""

    names: tuple[str, ...]
    country: str = ""
    domain: str = ""
    id: int | None = None

    @classmethod
    def of(cls, organization: Organization, aliases: Iterable[str] | None = None) -> Entity:
        """From an organisation; its aliases are read (prefetch them) unless given."""
        if aliases is None:
            aliases = [alias.name for alias in organization.aliases.all()]
        return cls(
            names=tuple(dict.fromkeys([organization.name, *aliases])),
            country=str(organization.country or ""),
            domain=organization.domain,
            id=organization.pk,
        )


def _best_name_match(a: Sequence[str], b: Sequence[str]) -> tuple[Match, str, str]:
    best: tuple[Match, str, str] | None = None
    for name_a in a:
        for name_b in b:
            match = names.similarity(name_a, name_b)
            if best is None or match.score > best[0].score:
                best = (match, name_a, name_b)
                if match.score >= 1.0:
                    return best
    return best if best is not None else (Match(0.0, ["a name is empty"]), "", "")


def score_pair(a: Entity | Organization, b: Entity | Organization) -> Match:
    """How likely two organisations are one, 0..1, with the reasons a person reads.

    ``MERGE_THRESHOLD`` and above: the same organisation; ``REVIEW_THRESHOLD`` up to it: a
    possible duplicate for a person to decide. See the module docstring for the evidence.
    """
    ea = a if isinstance(a, Entity) else Entity.of(a)
    eb = b if isinstance(b, Entity) else Entity.of(b)
    name, name_a, name_b = _best_name_match(ea.names, eb.names)
    score = name.score
    reasons = list(name.reasons)
    if len(ea.names) > 1 or len(eb.names) > 1:
        reasons.insert(0, f"best-matching names: {name_a!r} and {name_b!r}")

    domain_a, domain_b = _clean_domain(ea.domain), _clean_domain(eb.domain)
    if domain_a and domain_a == domain_b:
        if is_generic_domain(domain_a):
            reasons.append(f"both use {domain_a}, a public mail or hosting domain: not evidence")
        elif score >= _DOMAIN_NAMES_ALIKE:
            score = max(score, _DOMAIN_SAME_SCORE)
            reasons.append(f"same website domain ({domain_a})")
            return Match(round(score, 3), reasons)
        else:
            score = max(score, _DOMAIN_ONLY_SCORE)
            reasons.append(
                f"same website domain ({domain_a}) although the names differ: "
                "a renamed or group company?"
            )
            return Match(round(score, 3), reasons)
    elif (
        domain_a
        and domain_b
        and not is_generic_domain(domain_a)
        and not is_generic_domain(domain_b)
        and _brand_label(domain_a) != _brand_label(domain_b)
        and score >= REVIEW_THRESHOLD - _OTHER_DOMAIN_SAME_SCRIPT_PENALTY
    ):
        same_script = bool(_CYRILLIC.search(name_a)) == bool(_CYRILLIC.search(name_b))
        if same_script and score < _SAME_SPELLING:
            score -= _OTHER_DOMAIN_SAME_SCRIPT_PENALTY
            reasons.append(
                f"different websites ({domain_a} and {domain_b}) and names spelled "
                "differently in the same script: likely two brands"
            )
        else:
            score -= _OTHER_DOMAIN_PENALTY
            reasons.append(f"different websites ({domain_a} and {domain_b})")

    if ea.country and eb.country and ea.country != eb.country:
        if score > _OTHER_COUNTRY_CAP:
            score = _OTHER_COUNTRY_CAP
            reasons.append(
                f"registered in different countries ({ea.country} and {eb.country}) "
                "with no shared website: a name alone is not enough"
            )
    elif ea.country and ea.country == eb.country and score >= REVIEW_THRESHOLD:
        reasons.append(f"same country ({ea.country})")
    return Match(round(max(0.0, score), 3), reasons)


# --------------------------------------------------------------------------- scanning

#: A block (equal key in one country, or equal domain) larger than this is skipped.
MAX_BLOCK: Final = 100
#: Keys before each key, in (country, key) order, that it is compared with.
WINDOW: Final = 8
# Neighbouring keys must agree on this many first letters, and differ by at most one edit in
# five letters (the most a name pair can differ and still reach review).
_NEAR_PREFIX: Final = 3
_NEAR_EDIT_SHARE: Final = 0.2
# Neighbouring keys scoring below this as names are not paired (a little below review: the
# full names may score higher, e.g. without an English silent e).
_NEAR_KEY_SCORE: Final = REVIEW_THRESHOLD - 0.05
# Neighbouring keys with more organisations behind them than this (product) are not paired.
_MAX_NEIGHBOUR_PAIRS: Final = 400
_MAX_NOTES: Final = 50


@dataclass(slots=True)
class ScanSummary:
    keys_read: int = 0
    domains_read: int = 0
    pairs_scored: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped_blocks: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def note(self, text: str) -> None:
        self.skipped_blocks += 1
        if len(self.notes) < _MAX_NOTES:
            self.notes.append(text)

    def as_dict(self) -> dict[str, object]:
        return {
            "keys_read": self.keys_read,
            "domains_read": self.domains_read,
            "pairs_scored": self.pairs_scored,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "skipped_blocks": self.skipped_blocks,
            "notes": self.notes,
            "seconds": self.seconds,
        }


def _within_edits(a: str, b: str, limit: int) -> bool:
    """At most ``limit`` edits (insert, delete, substitute, swap neighbours) turn a into b.

    Common ends are stripped, then the first differing letter is tried every way: at most
    3^limit small steps, and ``limit`` is two or three for names.
    """
    if a == b:
        return True
    if limit <= 0:
        return False
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    n = min(len(a), len(b))
    j = 0
    while j < n and a[-1 - j] == b[-1 - j]:
        j += 1
    if j:
        a, b = a[: len(a) - j], b[: len(b) - j]
    if abs(len(a) - len(b)) > limit:
        return False
    if not a or not b:
        return max(len(a), len(b)) <= limit
    swapped = len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]
    return (
        (swapped and _within_edits(a[2:], b[2:], limit - 1))
        or _within_edits(a[1:], b[1:], limit - 1)
        or _within_edits(a[1:], b, limit - 1)
        or _within_edits(a, b[1:], limit - 1)
    )


def _near(a: str, b: str) -> bool:
    """Could two different keys sharing their first letters belong to names at review level?

    Cheap checks first (letters in common, a bounded edit distance), then the keys
    themselves are scored: neighbours only "extending" each other ("atom" / "atomnet") stop
    here. Lenient on purpose: ``score_pair`` on the full names decides.
    """
    if not (a.startswith(b) or b.startswith(a)):
        limit = int(max(len(a), len(b)) * _NEAR_EDIT_SHARE)
        if limit <= 0:
            return False
        n, i = min(len(a), len(b)), 0
        while i < n and a[i] == b[i]:
            i += 1
        rest_a, rest_b = a[i:], b[i:]
        # Each edit changes the length by at most one, and at most two letters of the set
        # of letters used.
        if abs(len(rest_a) - len(rest_b)) > limit:
            return False
        if len(set(rest_a).symmetric_difference(rest_b)) > 2 * limit:
            return False
        if not _within_edits(rest_a, rest_b, limit):
            return False
    return names.similarity(a, b).score >= _NEAR_KEY_SCORE


Pair = tuple[int, int]


def _pair(x: int, y: int) -> Pair:
    return (x, y) if x < y else (y, x)


class _Writer:
    """Scores collected pairs in batches and writes the candidates."""

    def __init__(self, summary: ScanSummary, batch_size: int) -> None:
        self.summary = summary
        self.batch_size = batch_size
        self.pairs: set[Pair] = set()

    def add(self, pairs: Iterable[Pair]) -> None:
        self.pairs.update(pairs)
        if len(self.pairs) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pairs:
            return
        pairs, self.pairs = self.pairs, set()
        entities = _entities({pk for pair in pairs for pk in pair})
        scored: dict[Pair, Match] = {}
        for low, high in pairs:
            if low in entities and high in entities:
                scored[(low, high)] = score_pair(entities[low], entities[high])
        self.summary.pairs_scored += len(scored)
        self._write(scored)

    def _write(self, scored: dict[Pair, Match]) -> None:
        lows = {low for low, _high in scored}
        highs = {high for _low, high in scored}
        existing = {
            (candidate.low_id, candidate.high_id): candidate
            for candidate in DuplicateCandidate.objects.filter(
                low_id__in=lows, high_id__in=highs
            ).only("pk", "low_id", "high_id", "status", "score", "reasons")
            if (candidate.low_id, candidate.high_id) in scored
        }
        create: list[DuplicateCandidate] = []
        update: list[DuplicateCandidate] = []
        remove: list[int] = []
        for (low, high), match in scored.items():
            candidate = existing.get((low, high))
            if candidate is None:
                if match.score >= REVIEW_THRESHOLD:
                    create.append(
                        DuplicateCandidate(
                            low_id=low, high_id=high, score=match.score, reasons=match.reasons
                        )
                    )
            elif candidate.status != CandidateStatus.PENDING:
                continue  # decided by a person: stays as it is
            elif match.score < REVIEW_THRESHOLD:
                remove.append(candidate.pk)
            elif candidate.score != match.score or candidate.reasons != match.reasons:
                candidate.score, candidate.reasons = match.score, match.reasons
                update.append(candidate)
        with transaction.atomic():
            if create:
                DuplicateCandidate.objects.bulk_create(create, batch_size=1000)
            if update:
                DuplicateCandidate.objects.bulk_update(
                    update, ["score", "reasons"], batch_size=1000
                )
            if remove:
                DuplicateCandidate.objects.filter(
                    pk__in=remove, status=CandidateStatus.PENDING
                ).delete()
        self.summary.created += len(create)
        self.summary.updated += len(update)
        self.summary.removed += len(remove)


def _entities(ids: set[int]) -> dict[int, Entity]:
    """Active organisations with every name, in two queries."""
    rows = (
        Organization.objects.active()
        .filter(pk__in=ids)
        .values_list("pk", "name", "country", "domain")
    )
    found = {pk: (name, str(country or ""), domain or "") for pk, name, country, domain in rows}
    aliases: dict[int, list[str]] = {}
    for pk, alias in OrganizationAlias.objects.filter(organization_id__in=found).values_list(
        "organization_id", "name"
    ):
        aliases.setdefault(pk, []).append(alias)
    return {
        pk: Entity(
            names=tuple(dict.fromkeys([name, *sorted(aliases.get(pk, []))])),
            country=country,
            domain=domain,
            id=pk,
        )
        for pk, (name, country, domain) in found.items()
    }


def _key_runs(chunk_size: int, summary: ScanSummary) -> Iterator[tuple[str, str, list[int]]]:
    """(country, key, organisation ids) for every stored key of the active organisations."""
    rows = (
        OrganizationNameKey.objects.filter(organization__merged_into__isnull=True)
        .order_by("organization__country", "key", "organization_id")
        .values_list("organization__country", "key", "organization_id")
        .iterator(chunk_size=chunk_size)
    )
    for (country, key), run in groupby(rows, key=lambda row: (row[0], row[1])):
        ids = [pk for _country, _key, pk in run]
        summary.keys_read += len(ids)
        yield str(country or ""), key, ids


def _scan_keys(writer: _Writer, chunk_size: int, summary: ScanSummary) -> None:
    window: deque[tuple[str, list[int]]] = deque(maxlen=WINDOW)
    current_country: str | None = None
    for country, key, ids in _key_runs(chunk_size, summary):
        if country != current_country:
            window.clear()
            current_country = country
        if len(ids) > MAX_BLOCK:
            summary.note(f"name key {key!r} in {country or '?'}: {len(ids)} organisations")
            continue
        if len(ids) > 1:
            writer.add(combinations(ids, 2))  # ids arrive sorted: (low, high)
        prefix = key[:_NEAR_PREFIX]
        for other_key, other_ids in reversed(window):
            if other_key[:_NEAR_PREFIX] != prefix:
                break  # sorted: no older key in the window shares the first letters either
            if len(ids) * len(other_ids) <= _MAX_NEIGHBOUR_PAIRS and _near(other_key, key):
                writer.add(_pair(x, y) for x in other_ids for y in ids if x != y)
        window.append((key, ids))


def _scan_domains(writer: _Writer, chunk_size: int, summary: ScanSummary) -> None:
    rows = (
        Organization.objects.active()
        .exclude(domain="")
        .order_by("domain", "pk")
        .values_list("domain", "pk")
        .iterator(chunk_size=chunk_size)
    )
    for domain, run in groupby(rows, key=lambda row: row[0]):
        ids = [pk for _domain, pk in run]
        summary.domains_read += len(ids)
        if len(ids) < 2 or is_generic_domain(domain):
            continue
        if len(ids) > MAX_BLOCK:
            summary.note(f"domain {domain!r}: {len(ids)} organisations")
            continue
        writer.add(combinations(ids, 2))


def _rescore_pending(writer: _Writer, chunk_size: int) -> None:
    rows = (
        DuplicateCandidate.objects.filter(status=CandidateStatus.PENDING)
        .values_list("low_id", "high_id")
        .iterator(chunk_size=chunk_size)
    )
    for pair in rows:
        writer.add([pair])


def scan_for_duplicates(
    *,
    batch_size: int = 2000,
    chunk_size: int = 10_000,
    progress: Callable[[ScanSummary], None] | None = None,
) -> ScanSummary:
    """Find duplicate candidates across the whole registry; see the module docstring.

    ``batch_size`` pairs are scored and written together; ``chunk_size`` rows are fetched
    from the database cursor at a time. ``progress(summary)`` is called after each pass.
    """
    started = time.perf_counter()
    summary = ScanSummary()
    writer = _Writer(summary, batch_size)
    _rescore_pending(writer, chunk_size)
    writer.flush()
    _scan_keys(writer, chunk_size, summary)
    writer.flush()
    if progress is not None:
        progress(summary)
    _scan_domains(writer, chunk_size, summary)
    writer.flush()
    # Pending candidates of an organisation merged away lead nowhere (an undone merge
    # brings them back at the next scan).
    summary.removed += DuplicateCandidate.objects.filter(
        Q(low__merged_into__isnull=False) | Q(high__merged_into__isnull=False),
        status=CandidateStatus.PENDING,
    ).delete()[0]
    summary.seconds = round(time.perf_counter() - started, 3)
    if progress is not None:
        progress(summary)
    return summary


# --------------------------------------------------------------------------- clusters


@dataclass(frozen=True, slots=True)
class ClusterMember:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """Organisations joined by pending candidates; ``score`` is the best pair's."""

    score: float
    min_score: float
    pairs: int
    organizations: list[ClusterMember]

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "organizations": [{"id": m.id, "name": m.name} for m in self.organizations],
        }


def _find(parent: dict[int, int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression
        parent[x], x = root, parent[x]
    return root


def candidate_clusters(min_score: float = REVIEW_THRESHOLD) -> list[Cluster]:
    """Pending candidates at ``min_score`` and above, grouped into connected clusters.

    Organisations merged away are left out. Sorted by best score, then by the lowest id.
    """
    parent: dict[int, int] = {}
    edges: list[tuple[int, int, float]] = []
    rows = (
        DuplicateCandidate.objects.filter(
            status=CandidateStatus.PENDING,
            score__gte=min_score,
            low__merged_into__isnull=True,
            high__merged_into__isnull=True,
        )
        .values_list("low_id", "high_id", "score")
        .iterator(chunk_size=5000)
    )
    for low, high, score in rows:
        parent.setdefault(low, low)
        parent.setdefault(high, high)
        root_low, root_high = _find(parent, low), _find(parent, high)
        if root_low != root_high:
            parent[max(root_low, root_high)] = min(root_low, root_high)
        edges.append((low, high, score))
    if not edges:
        return []
    scores: dict[int, list[float]] = {}
    for low, _high, score in edges:
        scores.setdefault(_find(parent, low), []).append(score)
    members: dict[int, list[int]] = {}
    for pk in parent:
        members.setdefault(_find(parent, pk), []).append(pk)
    all_ids = sorted(parent)
    names_by_id: dict[int, str] = {}
    for start in range(0, len(all_ids), 5000):
        names_by_id.update(
            Organization.objects.filter(pk__in=all_ids[start : start + 5000]).values_list(
                "pk", "name"
            )
        )
    clusters = [
        Cluster(
            score=round(max(scores[root]), 3),
            min_score=round(min(scores[root]), 3),
            pairs=len(scores[root]),
            organizations=[ClusterMember(pk, names_by_id.get(pk, "")) for pk in sorted(ids)],
        )
        for root, ids in members.items()
    ]
    clusters.sort(key=lambda c: (-c.score, c.organizations[0].id))
    return clusters


# --------------------------------------------------------------------------- one new name

_MATCH_CANDIDATES: Final = 200


def find_matches(
    name: str,
    *,
    country: str,
    domain: str = "",
    aliases: Sequence[str] = (),
    limit: int = 5,
    min_score: float = REVIEW_THRESHOLD,
) -> list[tuple[Organization, Match]]:
    """Active organisations that a new ``name`` (with ``aliases``) may duplicate, best first.

    Looks up the stored name keys equal to the folds of the new names in any transliteration,
    and the organisations with the same non-generic ``domain`` (website or e-mail), both on
    indexes; then scores each with ``score_pair``. Only matches at ``min_score`` and above.
    """
    all_names = [n for n in dict.fromkeys([name, *aliases]) if n.strip()]
    keys: set[str] = set()
    for each in all_names:
        keys.add(names.fold(each)[:KEY_MAX])
        keys.update(names.fold(variant)[:KEY_MAX] for variant in names.name_variants(each))
    keys.discard("")
    domain = _clean_domain(domain)
    condition = Q()
    if keys:
        by_key = OrganizationNameKey.objects.filter(key__in=keys).values("organization_id")
        condition |= Q(pk__in=by_key)
    if domain and not is_generic_domain(domain):
        condition |= Q(domain=domain)
    if not condition:
        return []
    found = (
        Organization.objects.active()
        .filter(condition)
        .prefetch_related("aliases")
        .order_by("pk")[:_MATCH_CANDIDATES]
    )
    new = Entity(names=tuple(all_names), country=country, domain=domain)
    scored = [(organization, score_pair(new, Entity.of(organization))) for organization in found]
    scored = [(org, match) for org, match in scored if match.score >= min_score]
    scored.sort(key=lambda item: (-item[1].score, item[0].pk))
    return scored[:limit]
