"""The radar's business actions: sources, polling, storing analysed articles, candidates."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from softlanding.prospects.names import fold
from softlanding.radar import analysis
from softlanding.radar.analysis import Analysis, Analyzer, Candidate, Extracted, Tokens, extract
from softlanding.radar.enums import (
    CandidateStatus,
    MentionKind,
    SignalType,
    SourceKind,
    SourceStatus,
)
from softlanding.radar.feeds import FeedError, parse_feed
from softlanding.radar.fetch import FetchError, decode, fetch
from softlanding.radar.models import (
    Article,
    ArticleKey,
    CandidateProspect,
    Mention,
    Signal,
    SignalRule,
    Source,
    article_keys,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User

log = logging.getLogger(__name__)

#: Items read from one feed per poll; the rest wait for the next poll.
MAX_ITEMS_PER_POLL = 50
#: A failing source waits interval × 2^failures, at most this many times its interval.
MAX_BACKOFF_FACTOR = 32


# --------------------------------------------------------------------------- keys


_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "mc_")


def normalise_url(url: str) -> str:
    """The same page whatever the tracking parameters, fragment, case of host or final slash."""
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        )
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def url_key(url: str) -> str:
    return hashlib.sha256(normalise_url(url).encode()).hexdigest() if url else ""


def content_hash(text: str) -> str:
    """The same story once: the text's word keys (case, punctuation, spacing and script
    folded, endings stripped), so a copy with other quotes, spacing or a fixed typo in an
    ending is the same story."""
    keys = Tokens.of(text).keys[:3000]
    return hashlib.sha256(" ".join(keys).encode()).hexdigest()


#: Texts this many bits apart or fewer (of 64) are the same story with small edits. Short news
#: moves more bits per edit than web pages do (a changed word and an added sentence in 90 words:
#: 7 bits); unrelated texts sit near 32, and 8 or fewer by chance is about 1 in 10⁹.
NEAR_DUPLICATE_BITS = 8
#: Near-duplicates are looked for among articles this many days around the new one.
NEAR_DUPLICATE_DAYS = 3
#: Shorter texts have too few trigrams for a simhash to mean anything: exact hash only.
MIN_SHINGLES = 20


def simhash(text: str) -> int | None:
    """A 64-bit simhash of the text's word-key trigrams, as a signed integer (a PostgreSQL
    bigint); None for a text too short to tell."""
    keys = Tokens.of(text).keys[:3000]
    hashes = [
        int.from_bytes(hashlib.blake2b(" ".join(keys[i : i + 3]).encode(), digest_size=8).digest())
        for i in range(len(keys) - 2)
    ]
    if len(hashes) < MIN_SHINGLES:
        return None
    half = len(hashes) / 2
    value = 0
    for bit in range(64):
        if sum((h >> bit) & 1 for h in hashes) > half:
            value |= 1 << bit
    return value - (1 << 64) if value >= 1 << 63 else value


def _bits_apart(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def find_near_duplicate(fingerprint: int | None, day: date) -> int | None:
    """The id of a stored article within a few bits of ``fingerprint`` around ``day``."""
    if fingerprint is None:
        return None
    nearby = (
        Article.objects.filter(
            day__gte=day - timedelta(days=NEAR_DUPLICATE_DAYS),
            day__lte=day + timedelta(days=NEAR_DUPLICATE_DAYS),
            simhash__isnull=False,
        )
        .order_by("-day", "-id")
        .values_list("id", "simhash")[:20000]
    )
    for pk, other in nearby:
        if other is not None and _bits_apart(fingerprint, other) <= NEAR_DUPLICATE_BITS:
            return pk
    return None


# --------------------------------------------------------------------------- analyzer


_analyzer_cache: dict[str, Any] = {}


def _registry_version() -> tuple[Any, ...]:
    """Changes whenever a name the analyzer links could have changed (six cheap aggregates)."""
    from django.db.models import Count, Max

    from softlanding.prospects.models import Organization, OrganizationAlias, Person

    return (
        tuple(Organization.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(OrganizationAlias.objects.aggregate(n=Count("id"), m=Max("id")).values()),
        tuple(Person.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(
            SignalRule.objects.aggregate(n=Count("id"), m=Max("id"), t=Max("updated_at")).values()
        ),
        tuple(SignalRule.objects.filter(enabled=True).aggregate(n=Count("id")).values()),
    )


def current_analyzer() -> Analyzer:
    """The analyzer for this process, rebuilt only when the registry or the rules changed:
    building it for 100,000 names takes seconds, a poll should not pay that every time."""
    version = _registry_version()
    if _analyzer_cache.get("version") != version:
        _analyzer_cache["analyzer"] = build_analyzer()
        _analyzer_cache["version"] = version
    analyzer: Analyzer = _analyzer_cache["analyzer"]
    return analyzer


def build_analyzer() -> Analyzer:
    """The registry's names, the bundled places and rules, and the analysts' rules."""
    from softlanding.radar.linking import tracked_names

    gazetteer = analysis.places_gazetteer()
    for entry, name in tracked_names():
        gazetteer.add(entry, name, legal=entry.kind == "organization")
    extra = [_as_analysis_rule(rule) for rule in SignalRule.objects.filter(enabled=True)]
    from django.conf import settings

    from softlanding.radar import ner

    finders = ner.finders() if getattr(settings, "RADAR_NER", True) else {}
    return Analyzer(gazetteer, analysis.SignalRules.from_data(extra), finders)


# --------------------------------------------------------------------------- sources


def create_source(
    *,
    name: str,
    kind: str,
    url: str = "",
    language: str = "",
    country_focus: str = "",
    interval_minutes: int = 60,
    enabled: bool = True,
    by: User | None = None,
) -> Source:
    if kind != SourceKind.UPLOAD and not url:
        raise ValueError(_("A feed or page source needs a URL."))
    return Source.objects.create(
        name=name,
        kind=kind,
        url=url,
        language=language,
        country_focus=country_focus,
        interval_minutes=max(5, interval_minutes),
        enabled=enabled,
        next_poll_at=timezone.now(),
    )


# --------------------------------------------------------------------------- signal rules

#: The most terms one rule may demand in one sentence.
MAX_RULE_TERMS = 6
#: The most choices one term may offer ("a | b | c"), lexicons aside.
MAX_RULE_CHOICES = 30
#: The widest clause a rule may ask its terms to share, in words.
MAX_RULE_WITHIN = 30
_TERM_CHARS_RE = re.compile(r"[^\w\s'’*|@-]", re.UNICODE)


def parse_rule_terms(raw: str, *, allow_empty: bool = False) -> list[str]:
    """An analyst's comma-separated terms, checked: each a word or phrase, or choices between
    them written ``a | b | @lexicon`` (a bundled lexicon by name); ``*`` only ending a word
    after three letters, and in a term with choices only its last word. Raises ``ValueError``
    saying what is wrong with which term."""
    terms = list(
        dict.fromkeys(
            " | ".join(analysis.split_choices(t)) for t in raw.split(",") if t.strip(" |")
        )
    )
    if not terms:
        if allow_empty:
            return []
        raise ValueError(_("Give at least one word or phrase."))
    if len(terms) > MAX_RULE_TERMS:
        raise ValueError(
            _("A rule holds at most %(n)d terms; all of them must occur in one sentence.")
            % {"n": MAX_RULE_TERMS}
        )
    lexicons = analysis.signal_lexicons()
    for term in terms:
        odd = sorted(set(_TERM_CHARS_RE.findall(term)))
        if odd:
            raise ValueError(
                _(
                    "“%(term)s” holds %(chars)s. Rules are words and phrases, not regular "
                    "expressions: write * at the end of a word to match any ending, | between "
                    "choices."
                )
                % {"term": term, "chars": " ".join(odd)}
            )
        choices = analysis.split_choices(term)
        if len(choices) > MAX_RULE_CHOICES:
            raise ValueError(
                _("“%(term)s” offers more than %(n)d choices.")
                % {"term": term, "n": MAX_RULE_CHOICES}
            )
        for choice in choices:
            _check_choice(choice, in_choices=len(choices) > 1, lexicons=lexicons)
    return terms


def _check_choice(choice: str, *, in_choices: bool, lexicons: dict[str, list[str]]) -> None:
    if choice.startswith("@"):
        if choice[1:] not in lexicons:
            raise ValueError(
                _("There is no lexicon “%(name)s”; the lexicons are: %(names)s.")
                % {"name": choice, "names": ", ".join(f"@{n}" for n in sorted(lexicons))}
            )
        return
    if "@" in choice:
        raise ValueError(_("In “%(term)s”, @ may only start a lexicon's name.") % {"term": choice})
    words = choice.split()
    for number, word in enumerate(words):
        stem = word.rstrip("*")
        if "*" in stem:
            raise ValueError(_("In “%(term)s”, * may only end a word.") % {"term": choice})
        letters = [c for c in stem if c.isalnum()]
        if not letters:
            raise ValueError(_("“%(term)s” holds no word.") % {"term": choice})
        if word.endswith("*") and len(letters) < 3:
            raise ValueError(
                _("In “%(term)s”, at least three letters must come before *.") % {"term": choice}
            )
        if word.endswith("*") and in_choices and number < len(words) - 1:
            raise ValueError(
                _(
                    "In “%(term)s”, * may only end the last word: a phrase among choices "
                    "matches its other words with any Russian ending already."
                )
                % {"term": choice}
            )
    if sum(c.isalnum() for c in choice) < 2:
        raise ValueError(_("“%(term)s” is too short to match.") % {"term": choice})


def save_signal_rule(
    *,
    rule: SignalRule | None = None,
    type: str,
    language: str,
    terms: str,
    weight: float,
    needs_tech: bool = False,
    enabled: bool = True,
    within: int | None = None,
    unless: str = "",
    by: User | None = None,
) -> SignalRule:
    """Add a rule or change one. Every process's analyzer is rebuilt at its next use: the
    rules' ``updated_at`` is part of the analyzer's cache key."""
    if type not in SignalType.values:
        raise ValueError(_("Unknown signal type."))
    if language not in ("en", "ru"):
        raise ValueError(_("A rule's language is English or Russian."))
    if not 0.05 <= weight <= 1:
        raise ValueError(_("The weight lies between 0.05 and 1."))
    if within is not None and not 1 <= within <= MAX_RULE_WITHIN:
        raise ValueError(_("Terms lie at most 1 to %(n)d words apart.") % {"n": MAX_RULE_WITHIN})
    rule = rule or SignalRule(created_by=by)
    rule.type = type
    rule.language = language
    rule.terms = ", ".join(parse_rule_terms(terms))
    rule.weight = weight
    rule.needs_tech = needs_tech
    rule.enabled = enabled
    rule.within = within
    rule.unless = ", ".join(parse_rule_terms(unless, allow_empty=True))
    rule.save()
    return rule


def set_signal_rule_enabled(rule: SignalRule, *, enabled: bool) -> SignalRule:
    rule.enabled = enabled
    rule.save(update_fields=["enabled", "updated_at"])
    return rule


def bundled_signal_rules() -> list[analysis.SignalRule]:
    """The rules shipped in ``data/signals.json``, read-only, in file order."""
    return analysis.SignalRules.from_data().rules


def signal_lexicons() -> list[tuple[str, list[str]]]:
    """The bundled lexicons by name, for the rules screen."""
    return sorted(analysis.signal_lexicons().items())


def signal_dampers() -> list[analysis.Damper]:
    """The bundled dampers, for the rules screen."""
    return analysis.signal_dampers()


def _as_analysis_rule(rule: SignalRule) -> analysis.SignalRule:
    return analysis.SignalRule(
        type=rule.type,
        language=rule.language,
        terms=analysis.expand_terms(t.strip() for t in rule.terms.split(",") if t.strip()),
        weight=rule.weight,
        needs_tech=rule.needs_tech,
        within=rule.within,
        unless=tuple(t.strip() for t in rule.unless.split(",") if t.strip()),
    )


def try_signal_rules(text: str) -> list[tuple[analysis.RuleFiring, list[str]]]:
    """Each sentence of ``text`` with what the rules in force make of it, and the rules that
    matched, named ``bundled #n`` or ``#pk`` (the analysts' table)."""
    own = list(SignalRule.objects.filter(enabled=True).order_by("id"))
    rules = analysis.SignalRules.from_data([_as_analysis_rule(r) for r in own])
    bundled = len(rules.rules) - len(own)

    def label(number: int) -> str:
        if number < bundled:
            return _("bundled #%(n)d") % {"n": number + 1}
        return f"#{own[number - bundled].pk}"

    return [
        (firing, [label(n) for n in firing.matched])
        for firing in analysis.rules_firing(rules, text[:5000])
    ]


# --------------------------------------------------------------------------- storing


def find_duplicate(*, url: str, canonical_url: str, text_hash: str) -> Article | None:
    keys = [k for k in (url_key(url), url_key(canonical_url)) if k]
    if keys:
        found = (
            Article.objects.filter(url_key__in=keys).only("id").first()
            or Article.objects.filter(canonical_key__in=keys).only("id").first()
        )
        if found:
            return found
    return Article.objects.filter(content_hash=text_hash).only("id").first()


def store_article(
    *,
    extracted: Extracted,
    analyzer: Analyzer,
    source: Source | None = None,
    today: date | None = None,
) -> tuple[Article | None, Analysis | None]:
    """Analyse and store one article; ``(None, None)`` when it has no text or is stored already."""
    if not extracted.text:
        return None, None
    if source is not None and source.language and not extracted.language:
        extracted.language = source.language
    text_hash = content_hash(extracted.text)
    if find_duplicate(
        url=extracted.url, canonical_url=extracted.canonical_url, text_hash=text_hash
    ):
        return None, None
    day = extracted.published or today or timezone.localdate()
    fingerprint = simhash(extracted.text)
    if find_near_duplicate(fingerprint, day) is not None:
        return None, None
    result = analyzer.analyze(extracted)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=extracted.url[:2000],
                url_key=url_key(extracted.url),
                canonical_url=extracted.canonical_url[:2000],
                canonical_key=url_key(extracted.canonical_url),
                content_hash=text_hash,
                simhash=fingerprint,
                title=extracted.title[:500],
                author=extracted.author[:300],
                text=extracted.text,
                language=result.language,
                published=extracted.published,
                day=day,
                countries=result.countries,
            )
            _store_findings(article, result, day)
    except IntegrityError:
        return None, None  # stored meanwhile by another worker
    if source is not None:
        Source.objects.filter(pk=source.pk).update(articles_found=source.articles_found + 1)
        source.articles_found += 1
    return article, result


def _existing_ids(model: Any, ids: Iterable[str]) -> set[int]:
    wanted = {int(i) for i in ids if i}
    if not wanted:
        return set()
    return set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))


def _store_findings(article: Article, result: Analysis, day: date) -> None:
    from softlanding.prospects.models import Organization, Person

    # The gazetteer may be older than the registry: link only records that still exist.
    orgs = _existing_ids(Organization, (m.ref for m in result.mentions if m.kind == "organization"))
    people = _existing_ids(Person, (m.ref for m in result.mentions if m.kind == "person"))
    mentions = []
    for m in result.mentions:
        ref = int(m.ref) if m.ref.isdigit() else None
        if m.kind == "organization" and ref not in orgs:
            continue
        if m.kind == "person" and ref not in people:
            continue
        mentions.append(
            Mention(
                article=article,
                kind=m.kind,
                organization_id=ref if m.kind == MentionKind.ORGANIZATION else None,
                person_id=ref if m.kind == MentionKind.PERSON else None,
                country=m.country if m.kind in (MentionKind.COUNTRY, MentionKind.CITY) else "",
                surface=m.surface[:300],
                start=max(0, m.start),
                end=max(0, m.end),
                day=day,
            )
        )
    Mention.objects.bulk_create(mentions)
    Signal.objects.bulk_create(
        Signal(
            article=article,
            type=s.type,
            country=s.country,
            evidence=s.evidence,
            start=max(0, s.start),
            end=max(0, s.end),
            confidence=round(s.confidence, 3),
            organizations=[int(o) for o in s.organizations if o.isdigit() and int(o) in orgs],
            day=day,
        )
        for s in result.signals
    )
    ArticleKey.objects.bulk_create(
        ArticleKey(article=article, key=key, day=day)
        for key in article_keys(result.countries, [(s.type, s.country) for s in result.signals])
    )
    _record_candidates(article, result.candidates, result.countries)


def _record_candidates(
    article: Article, candidates: Sequence[Candidate], countries: Sequence[str]
) -> None:
    """New names go to the inbox with this article's sentence; a name already there (waiting,
    accepted or rejected) counts one more article. Two workers storing the first two articles
    of one name at the same instant may count it once: a count, not a ledger."""
    found = {(c.kind, fold(c.name)[:300]): c for c in candidates}
    found = {key: c for key, c in found.items() if key[1]}
    if not found:
        return
    known = Q()
    for kind, key in found:
        known |= Q(kind=kind, name_key=key)
    stored = set(CandidateProspect.objects.filter(known).values_list("kind", "name_key"))
    if stored:
        CandidateProspect.objects.filter(known).update(
            articles_seen=F("articles_seen") + 1, last_seen_at=timezone.now()
        )
    country = countries[0] if countries else ""
    CandidateProspect.objects.bulk_create(
        (
            CandidateProspect(
                name=c.name[:300],
                kind=kind,
                name_key=key,
                sentence=c.sentence,
                article=article,
                country=country,
            )
            for (kind, key), c in found.items()
            if (kind, key) not in stored
        ),
        ignore_conflicts=True,
    )


# --------------------------------------------------------------------------- polling


def _fetch_text(url: str, options: dict[str, Any]) -> tuple[Extracted, bool]:
    fetched = fetch(url, **options)
    text, replaced = decode(fetched.content, fetched.charset)
    extracted = extract(text, url=fetched.url)
    if not extracted.canonical_url and fetched.url != url:
        extracted.canonical_url = fetched.url
    return extracted, replaced


def poll_source(
    source: Source,
    *,
    analyzer: Analyzer | None = None,
    fetch_options: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Fetch one source once; whatever happens, the source records a clear status."""
    now = now or timezone.now()
    options = dict(fetch_options or {})
    stored = 0
    warnings: list[str] = []
    status = SourceStatus.OK
    error = ""
    try:
        analyzer = analyzer or current_analyzer()
        if source.kind == SourceKind.FEED:
            fetched = fetch(
                source.url, etag=source.etag, last_modified=source.last_modified, **options
            )
            if fetched.not_modified:
                status = SourceStatus.NOT_MODIFIED
            else:
                items = parse_feed(fetched.content)
                source.etag, source.last_modified = fetched.etag, fetched.last_modified
                for item in items[:MAX_ITEMS_PER_POLL]:
                    if Article.objects.filter(url_key=url_key(item.url)).exists():
                        continue
                    try:
                        extracted, replaced = _fetch_text(item.url, options)
                    except FetchError as exc:
                        warnings.append(f"{item.url}: {exc}")
                        continue
                    if replaced:
                        warnings.append(f"{item.url}: " + _("invalid characters replaced"))
                    if not extracted.text:
                        warnings.append(f"{item.url}: " + _("no article text on the page"))
                        continue
                    extracted.title = extracted.title or item.title
                    extracted.published = extracted.published or item.published
                    article, _result = store_article(
                        extracted=extracted, analyzer=analyzer, source=source
                    )
                    stored += article is not None
        elif source.kind == SourceKind.PAGE:
            extracted, replaced = _fetch_text(source.url, options)
            if replaced:
                warnings.append(_("invalid characters replaced"))
            if not extracted.text:
                raise FeedError(_("no article text on the page"))
            article, _result = store_article(extracted=extracted, analyzer=analyzer, source=source)
            stored += article is not None
        if warnings and status == SourceStatus.OK:
            status = SourceStatus.WARNING
    except (FetchError, FeedError) as exc:
        status, error = SourceStatus.ERROR, str(exc)
    except Exception as exc:  # a bug or a hostile page must not stop the other sources
        log.exception("radar: source %s failed", source.pk)
        status, error = SourceStatus.ERROR, _("unexpected error: %(error)s") % {"error": exc}
    source.last_polled_at = now
    source.last_status = status
    source.last_error = error or "\n".join(warnings[:20])
    if status == SourceStatus.ERROR:
        source.failures += 1
        factor = min(2**source.failures, MAX_BACKOFF_FACTOR)
    else:
        source.failures = 0
        factor = 1
    source.next_poll_at = now + timedelta(minutes=source.interval_minutes * factor)
    source.save(
        update_fields=[
            "last_polled_at",
            "last_status",
            "last_error",
            "failures",
            "next_poll_at",
            "etag",
            "last_modified",
        ]
    )
    return {"source": source.name, "status": status, "stored": stored, "error": error}


def poll_due_sources(
    *, now: datetime | None = None, fetch_options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Every enabled source that is due, once, one after the other; one analyzer for all."""
    now = now or timezone.now()
    sources = list(Source.objects.due(now).order_by("next_poll_at", "id"))
    if not sources:
        return {"polled": 0, "sources": []}
    analyzer = current_analyzer()
    results = [
        poll_source(s, analyzer=analyzer, fetch_options=fetch_options, now=now) for s in sources
    ]
    if any(r["stored"] for r in results):
        refresh_push(since=earliest_new_day(now))
    return {"polled": len(results), "sources": results}


def earliest_new_day(since: datetime) -> date:
    first = (
        Article.objects.filter(fetched_at__gte=since - timedelta(minutes=1))
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    )
    return first or timezone.localdate()


def refresh_push(*, since: date) -> None:
    """The index from ``since`` on, then every organisation's push score."""
    recompute_push_index(start=since)
    update_push_scores()


def enqueue_due_sources(*, now: datetime | None = None) -> int:
    """Queue one background task per due source (a worker runs them).

    Each source is claimed as it is queued: its next poll moves on by its interval in the same
    transaction as the enqueue, so a source waiting in the queue is not queued again by the next
    run (on this worker or another); the poll sets the real next time when it ends.
    """
    from softlanding.radar.tasks import poll_source_task

    now = now or timezone.now()
    queued = 0
    for pk, minutes in Source.objects.due(now).values_list("pk", "interval_minutes"):
        with transaction.atomic():
            claimed = (
                Source.objects.due(now)
                .filter(pk=pk)
                .update(next_poll_at=now + timedelta(minutes=minutes))
            )
            if claimed:
                poll_source_task.enqueue(pk)
                queued += 1
    return queued


def upload_article(
    *, source: Source, content: bytes, analyzer: Analyzer | None = None
) -> Article | None:
    """Store an uploaded HTML (or text) file as an article of an upload source."""
    text, _replaced = decode(content)
    extracted = extract(text)
    if not extracted.text:
        raise ValueError(_("The file has no article text."))
    article, _result = store_article(
        extracted=extracted, analyzer=analyzer or current_analyzer(), source=source
    )
    return article


# --------------------------------------------------------------------------- candidates


def reject_candidate(candidate: CandidateProspect, *, by: User | None) -> None:
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


def accept_candidate(candidate: CandidateProspect, *, by: User | None) -> CandidateProspect:
    """A new organisation or person in the registry, through the registry's own services."""
    from softlanding.prospects import services as prospects

    with transaction.atomic():
        if candidate.kind == MentionKind.ORGANIZATION:
            candidate.organization = prospects.create_organization(
                by=by,
                name=candidate.name,
                country=candidate.country or "",
                notes=_("Found by the radar in: %(sentence)s") % {"sentence": candidate.sentence},
            )
        else:
            first, _sep, last = candidate.name.partition(" ")
            cyrillic = any("а" <= ch.lower() <= "я" for ch in candidate.name)
            fields = (
                {"first_name_cyrillic": first, "last_name_cyrillic": last}
                if cyrillic
                else {"first_name": first, "last_name": last}
            )
            candidate.person = prospects.create_person(
                by=by, organization=None, country=candidate.country or "", **fields
            )
        candidate.status = CandidateStatus.ACCEPTED
        candidate.decided_by = by
        candidate.decided_at = timezone.now()
        candidate.save(
            update_fields=["status", "organization", "person", "decided_by", "decided_at"]
        )
    return candidate


# --------------------------------------------------------------------------- push index


#: The own-mentions window of an organisation's push score.
PUSH_MENTION_DAYS = 30


def recompute_push_index(
    *, start: date, end: date | None = None, countries: Iterable[str] | None = None
) -> int:
    """Rebuild the index rows from ``start`` to ``end`` (today) from the stored signals."""
    from softlanding.radar import index
    from softlanding.radar.models import PushIndex

    end = end or timezone.localdate()
    first = start - timedelta(days=index.BASELINE_DAYS + 4 * index.SPAN_DAYS)
    signals = Signal.objects.filter(day__gte=first, day__lte=end).exclude(country="")
    if countries is not None:
        signals = signals.filter(country__in=list(countries))
    rows = signals.values_list("country", "day", "type", "article_id", "confidence")
    raw = index.daily_raw(rows.iterator(chunk_size=5000))
    written = 0
    with transaction.atomic():
        stale = PushIndex.objects.filter(day__gte=start, day__lte=end)
        if countries is not None:
            stale = stale.filter(country__in=list(countries))
        stale.delete()
        for country, by_day in raw.items():
            days = index.series(country, by_day, start, end)
            PushIndex.objects.bulk_create(
                PushIndex(
                    country=d.country,
                    day=d.day,
                    raw=d.raw,
                    counts=d.counts,
                    value=d.value,
                    zscore=d.zscore,
                    alert=d.alert,
                )
                for d in days
                if d.value > 0.001 or d.raw
            )
            written += len(days)
    return written


def update_push_scores(*, today: date | None = None) -> int:
    """Fill the registry's push slot: each organisation's country index and its own mentions.

    One UPDATE per country with an index, then the organisations named in signal-carrying
    articles of the last ``PUSH_MENTION_DAYS`` days one by one.
    """
    from django.db.models import Count

    from softlanding.prospects.models import Organization
    from softlanding.radar import index
    from softlanding.radar.models import PushIndex

    today = today or timezone.localdate()
    latest: dict[str, float] = {}
    for country, value in (
        PushIndex.objects.filter(day__lte=today, day__gte=today - timedelta(days=7))
        .order_by("country", "-day")
        .values_list("country", "value")
    ):
        latest.setdefault(country, value)
    changed = 0
    with transaction.atomic():
        changed += (
            Organization.objects.exclude(country__in=list(latest))
            .exclude(push_score=0)
            .update(push_score=0)
        )
        for country, value in latest.items():
            score = index.push_score(country_value=value, own_articles=0)
            changed += (
                Organization.objects.filter(country=country)
                .exclude(push_score=score)
                .update(push_score=score)
            )
        own = (
            Mention.objects.filter(
                organization__isnull=False,
                day__gte=today - timedelta(days=PUSH_MENTION_DAYS),
                article__signals__isnull=False,
            )
            .values("organization_id", "organization__country")
            .annotate(n=Count("article", distinct=True))
        )
        for row in own:
            score = index.push_score(
                country_value=latest.get(str(row["organization__country"]), 0.0),
                own_articles=row["n"],
            )
            Organization.objects.filter(pk=row["organization_id"]).update(push_score=score)
    return changed


def strike_now(*, days: int = 7, limit: int = 20, today: date | None = None) -> list[Any]:
    """High-fit prospects in countries whose index jumped in the last ``days`` days."""
    from softlanding.prospects.models import Organization
    from softlanding.radar.models import PushIndex

    since = (today or timezone.localdate()) - timedelta(days=days)
    countries = list(
        PushIndex.objects.filter(alert=True, day__gte=since)
        .values_list("country", flat=True)
        .distinct()
    )
    if not countries:
        return []
    return list(
        Organization.objects.active()
        .filter(country__in=countries)
        .for_list()
        .order_by("-fit_score", "-id")[:limit]
    )
