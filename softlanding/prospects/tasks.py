"""Background tasks of the registry: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_fit_scores_task() -> int:
    from softlanding.prospects.services import recompute_fit_scores

    return recompute_fit_scores()


@task()
def scan_duplicates_task() -> dict[str, object]:
    """Re-scan the whole registry for duplicate organisations; returns the scan's summary."""
    from softlanding.prospects.dedupe import scan_for_duplicates

    return scan_for_duplicates().as_dict()
