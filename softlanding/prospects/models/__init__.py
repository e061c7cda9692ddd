from softlanding.prospects.models.dedupe import DuplicateCandidate, MergeRecord
from softlanding.prospects.models.imports import ImportRun
from softlanding.prospects.models.organizations import (
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
    OrganizationQuerySet,
    OrganizationTag,
    Person,
    SavedFilter,
    ScoringWeights,
    Tag,
)

__all__ = [
    "DuplicateCandidate",
    "ImportRun",
    "MergeRecord",
    "Organization",
    "OrganizationAlias",
    "OrganizationNameKey",
    "OrganizationQuerySet",
    "OrganizationTag",
    "Person",
    "SavedFilter",
    "ScoringWeights",
    "Tag",
]
