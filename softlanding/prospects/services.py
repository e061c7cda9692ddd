"""Business actions on the registry. Views, commands, tasks and the API all call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from softlanding.core import audit
from softlanding.prospects import names
from softlanding.prospects.domains import domain_of
from softlanding.prospects.enums import CandidateStatus
from softlanding.prospects.models import (
    DuplicateCandidate,
    MergeRecord,
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
    OrganizationQuerySet,
    OrganizationTag,
    Person,
    ScoringWeights,
    Tag,
)
from softlanding.prospects.scoring import fit_score

if TYPE_CHECKING:
    from softlanding.accounts.models import User

KEY_MAX = OrganizationNameKey._meta.get_field("key").max_length or 300

# Fields a person edits on an organisation (and that the audit log records).
EDITABLE_FIELDS = (
    "name",
    "legal_form",
    "country",
    "city",
    "website",
    "domain",
    "employees",
    "founded",
    "markets",
    "specialities",
    "owner",
    "notes",
)


def keys_for_names(all_names: Iterable[str]) -> set[str]:
    """Every search/blocking key of a set of names, cut to the column's width."""
    keys: set[str] = set()
    for name in all_names:
        keys.update(key[:KEY_MAX] for key in names.search_keys(name) if key)
    return keys


def rebuild_name_keys(organization_ids: Sequence[int]) -> None:
    """Recompute the stored keys of these organisations from their names and aliases."""
    names_by_org: dict[int, list[str]] = {pk: [] for pk in organization_ids}
    for pk, name in Organization.objects.filter(pk__in=organization_ids).values_list("pk", "name"):
        names_by_org[pk].append(name)
    for pk, name in OrganizationAlias.objects.filter(
        organization_id__in=organization_ids
    ).values_list("organization_id", "name"):
        names_by_org[pk].append(name)
    OrganizationNameKey.objects.filter(organization_id__in=organization_ids).delete()
    OrganizationNameKey.objects.bulk_create(
        [
            OrganizationNameKey(organization_id=pk, key=key)
            for pk, org_names in names_by_org.items()
            for key in sorted(keys_for_names(org_names))
        ],
        batch_size=2000,
    )


def score_of(organization: Organization, weights: ScoringWeights | None = None) -> float:
    return fit_score(
        employees=organization.employees,
        markets=organization.markets or [],
        specialities=organization.specialities or [],
        country=str(organization.country),
        founded=organization.founded,
        weights=(weights or ScoringWeights.current()).weights,
    )


def _snapshot(organization: Organization) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        value = getattr(organization, f"{field}_id" if field == "owner" else field)
        values[field] = str(value) if field == "country" else value
    return values


@transaction.atomic
def create_organization(
    *,
    by: User | None,
    name: str,
    country: str,
    aliases: Sequence[str] = (),
    tags: Sequence[str] = (),
    sources: Sequence[str] = (),
    **fields: Any,
) -> Organization:
    organization = Organization(name=name.strip(), country=country, **fields)
    if organization.website and not organization.domain:
        organization.domain = domain_of(organization.website)
    organization.sources = list(sources)
    organization.fit_score = score_of(organization)
    organization.save()
    OrganizationAlias.objects.bulk_create(
        [
            OrganizationAlias(organization=organization, name=alias.strip())
            for alias in dict.fromkeys(aliases)
            if alias.strip() and alias.strip() != organization.name
        ]
    )
    set_tags(organization, tags)
    rebuild_name_keys([organization.pk])
    audit.record(
        organization, action="organization.created", by=by, changes=_snapshot(organization)
    )
    return organization


@transaction.atomic
def update_organization(
    organization: Organization, *, by: User | None, **changes: Any
) -> Organization:
    """Change editable fields; names keep their keys and the fit score follows the data."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _snapshot(organization)
    for field, value in changes.items():
        setattr(organization, field, value)
    if "website" in changes and "domain" not in changes:
        organization.domain = domain_of(organization.website)
    organization.fit_score = score_of(organization)
    after = _snapshot(organization)
    changed = audit.diff(before, after)
    if not changed:
        return organization
    organization.save()
    if "name" in changed:
        rebuild_name_keys([organization.pk])
    audit.record(organization, action="organization.updated", by=by, changes=changed)
    return organization


def set_tags(organization: Organization, tag_names: Iterable[str]) -> None:
    wanted = {name.strip() for name in tag_names if name.strip()}
    tags = []
    for name in sorted(wanted):
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    organization.tags.set(tags)


@transaction.atomic
def add_alias(organization: Organization, *, name: str, by: User | None) -> OrganizationAlias:
    alias, _created = OrganizationAlias.objects.get_or_create(
        organization=organization, name=name.strip()
    )
    rebuild_name_keys([organization.pk])
    audit.record(
        organization, action="organization.alias_added", by=by, changes={"alias": alias.name}
    )
    return alias


@transaction.atomic
def replace_aliases(organization: Organization, *, names: Sequence[str], by: User | None) -> None:
    wanted = list(
        dict.fromkeys(n.strip() for n in names if n.strip() and n.strip() != organization.name)
    )
    current = set(organization.aliases.values_list("name", flat=True))
    if set(wanted) == current:
        return
    organization.aliases.exclude(name__in=wanted).delete()
    OrganizationAlias.objects.bulk_create(
        [OrganizationAlias(organization=organization, name=n) for n in wanted if n not in current]
    )
    rebuild_name_keys([organization.pk])
    audit.record(
        organization,
        action="organization.aliases_changed",
        by=by,
        changes={"aliases": [sorted(current), wanted]},
    )


@transaction.atomic
def create_person(*, by: User | None, organization: Organization | None, **fields: Any) -> Person:
    person = Person(organization=organization, **fields)
    if person.consent_to_contact and person.consent_recorded_at is None:
        person.consent_recorded_at = timezone.now()
    person.save()
    audit.record(
        person,
        action="person.created",
        by=by,
        changes={
            "organization": organization.pk if organization else None,
            "lawful_basis": person.lawful_basis,
            "consent_to_contact": person.consent_to_contact,
        },
    )
    return person


PERSON_FIELDS = (
    "first_name",
    "last_name",
    "first_name_cyrillic",
    "last_name_cyrillic",
    "job_title",
    "email",
    "phone",
    "country",
    "lawful_basis",
    "consent_to_contact",
    "consent_source",
)


@transaction.atomic
def update_person(person: Person, *, by: User | None, **changes: Any) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = {field: str(getattr(person, field)) for field in PERSON_FIELDS}
    for field, value in changes.items():
        setattr(person, field, value)
    if (
        person.consent_to_contact
        and "consent_to_contact" in changes
        and before["consent_to_contact"] == "False"
    ):
        person.consent_recorded_at = timezone.now()
    if not person.consent_to_contact:
        person.consent_recorded_at = None
    changed = audit.diff(before, {field: str(getattr(person, field)) for field in PERSON_FIELDS})
    if changed:
        person.save()
        audit.record(person, action="person.updated", by=by, changes=changed)
    return person


@transaction.atomic
def set_scoring_weights(*, weights: dict[str, Any], by: User | None) -> ScoringWeights:
    from softlanding.prospects.tasks import recompute_fit_scores_task

    current = ScoringWeights.current()
    before = current.weights
    current.weights = weights
    current.updated_by = by
    current.save()
    audit.record(
        current, action="scoring.weights_changed", by=by, changes={"weights": [before, weights]}
    )
    # Re-scoring a million rows is a background job, started once the new weights are stored.
    transaction.on_commit(recompute_fit_scores_task.enqueue)
    return current


def search_organizations(query: str) -> OrganizationQuerySet:
    """Organisations with a name or alias in any spelling starting like ``query``.

    "айдиасофт", "ideasoft" and "idea soft" all fold to the same key, so all three find
    IdeaSoft through one indexed prefix lookup on the stored keys.
    """
    key = names.fold(query)[:KEY_MAX]
    if not key:
        return Organization.objects.none()
    matching = OrganizationNameKey.objects.filter(key__startswith=key).values("organization_id")
    return Organization.objects.active().filter(pk__in=matching)


# --- merging ---------------------------------------------------------------------------------

# Relations that a merge handles itself rather than re-pointing row by row.
_MERGE_OWN = {
    (OrganizationAlias, "organization"),
    (OrganizationNameKey, "organization"),
    (OrganizationTag, "organization"),
    (DuplicateCandidate, "low"),
    (DuplicateCandidate, "high"),
    (MergeRecord, "kept"),
    (MergeRecord, "absorbed"),
    (Organization, "merged_into"),
}


def _relations_to_move() -> list[tuple[type[models.Model], str]]:
    """Every foreign key to Organization in every app (people, activities, opportunities…)."""
    found: list[tuple[type[models.Model], str]] = []
    for relation in Organization._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ManyToOneRel) or isinstance(
            relation, models.OneToOneRel
        ):
            continue
        model = relation.related_model
        if not isinstance(model, type):
            continue
        field_name = relation.field.name
        if (model, field_name) in _MERGE_OWN:
            continue
        found.append((model, field_name))
    return found


@transaction.atomic
def merge_organizations(
    keep: Organization, *, absorb: Organization, by: User | None
) -> MergeRecord:
    """Fold ``absorb`` into ``keep``: names become aliases, everything linked moves over.

    Nothing is deleted: the absorbed organisation stays, marked ``merged_into``, and the
    record lists exactly what moved so that ``undo_merge`` can put it back.
    """
    if keep.pk == absorb.pk:
        raise ValueError("an organisation cannot be merged into itself")
    keep = Organization.objects.select_for_update().get(pk=keep.pk)
    absorb = Organization.objects.select_for_update().get(pk=absorb.pk)
    if absorb.merged_into_id or keep.merged_into_id:
        raise ValueError("one of these organisations has already been merged")

    moved: dict[str, list[int]] = {}
    kept_before = {**_snapshot(keep), "sources": list(keep.sources)}

    # Names: the absorbed name and aliases become aliases of the kept one.
    existing = set(keep.aliases.values_list("name", flat=True)) | {keep.name}
    new_aliases = [
        OrganizationAlias(organization=keep, name=name)
        for name in dict.fromkeys([absorb.name, *absorb.aliases.values_list("name", flat=True)])
        if name not in existing
    ]
    moved["aliases_added"] = [
        alias.pk for alias in OrganizationAlias.objects.bulk_create(new_aliases)
    ]

    # Tags: the union.
    kept_tags = set(keep.tags.values_list("pk", flat=True))
    added_tags = [pk for pk in absorb.tags.values_list("pk", flat=True) if pk not in kept_tags]
    OrganizationTag.objects.bulk_create(
        [OrganizationTag(organization=keep, tag_id=pk) for pk in added_tags]
    )
    moved["tags_added"] = added_tags

    # Everything else that points at the absorbed organisation is re-pointed, ids recorded.
    for model, field_name in _relations_to_move():
        rows = model._default_manager.filter(**{field_name: absorb})
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=ids).update(**{field_name: keep})
            except IntegrityError as error:
                # Two rows that may exist once per organisation (say, both in one campaign).
                raise ValueError(
                    _(
                        "Both organisations have %(what)s that can't be combined (for example, "
                        "both are in the same campaign). Close one of them, then merge."
                    )
                    % {"what": model._meta.verbose_name_plural}
                ) from error
            moved[f"{model._meta.label}.{field_name}"] = ids

    # Empty fields of the kept organisation take the absorbed one's values.
    filled = {}
    for field in EDITABLE_FIELDS:
        attname = f"{field}_id" if field == "owner" else field
        if getattr(keep, attname) in (None, "", []) and getattr(absorb, attname) not in (
            None,
            "",
            [],
        ):
            setattr(keep, attname, getattr(absorb, attname))
            filled[field] = True
    keep.sources = list(dict.fromkeys([*keep.sources, *absorb.sources]))
    keep.fit_score = score_of(keep)
    keep.save()
    absorb.merged_into = keep
    absorb.save(update_fields=["merged_into", "updated_at"])
    rebuild_name_keys([keep.pk])
    OrganizationNameKey.objects.filter(organization=absorb).delete()

    low, high = sorted([keep.pk, absorb.pk])
    DuplicateCandidate.objects.filter(low_id=low, high_id=high).update(
        status=CandidateStatus.MERGED, decided_by=by, decided_at=timezone.now()
    )
    record = MergeRecord.objects.create(
        kept=keep, absorbed=absorb, moved=moved, kept_before=kept_before, merged_by=by
    )
    audit.record(
        keep,
        action="organization.merged",
        by=by,
        changes={"absorbed": absorb.pk, "filled": filled, "merge": record.pk},
    )
    audit.record(
        absorb,
        action="organization.merged_into",
        by=by,
        changes={"kept": keep.pk, "merge": record.pk},
    )
    return record


@transaction.atomic
def undo_merge(record: MergeRecord, *, by: User | None) -> None:
    """Put back exactly what ``merge_organizations`` moved."""
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.undone_at:
        raise ValueError("this merge has already been undone")
    keep, absorb = record.kept, record.absorbed
    moved = record.moved

    OrganizationAlias.objects.filter(pk__in=moved.get("aliases_added", [])).delete()
    OrganizationTag.objects.filter(
        organization=keep, tag_id__in=moved.get("tags_added", [])
    ).delete()
    for model, field_name in _relations_to_move():
        ids = moved.get(f"{model._meta.label}.{field_name}", [])
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{field_name: absorb})

    for field, value in record.kept_before.items():
        setattr(keep, f"{field}_id" if field == "owner" else field, value)
    keep.fit_score = score_of(keep)
    keep.save()
    absorb.merged_into = None
    absorb.save(update_fields=["merged_into", "updated_at"])
    rebuild_name_keys([keep.pk, absorb.pk])

    low, high = sorted([keep.pk, absorb.pk])
    DuplicateCandidate.objects.filter(low_id=low, high_id=high).update(
        status=CandidateStatus.PENDING, decided_by=None, decided_at=None
    )
    record.undone_at = timezone.now()
    record.undone_by = by
    record.save(update_fields=["undone_at", "undone_by"])
    audit.record(keep, action="organization.merge_undone", by=by, changes={"merge": record.pk})
    audit.record(absorb, action="organization.merge_undone", by=by, changes={"merge": record.pk})


@transaction.atomic
def reject_candidate(candidate: DuplicateCandidate, *, by: User | None) -> None:
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        candidate.low, action="duplicate.rejected", by=by, changes={"other": candidate.high_id}
    )


def recompute_fit_scores(*, batch_size: int = 5000) -> int:
    """Re-score every organisation with the current weights, streaming in batches."""
    weights = ScoringWeights.current()
    fields = ("pk", "employees", "markets", "specialities", "country", "founded", "fit_score")
    changed = 0
    last_pk = 0
    while True:
        batch = list(
            Organization.objects.filter(pk__gt=last_pk).order_by("pk").only(*fields)[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1].pk
        updates = []
        for organization in batch:
            new = score_of(organization, weights)
            if new != organization.fit_score:
                organization.fit_score = new
                updates.append(organization)
        with transaction.atomic():
            Organization.objects.bulk_update(updates, ["fit_score"])
        changed += len(updates)
