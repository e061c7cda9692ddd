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


@task()
def run_import_task(import_run_id: int) -> dict[str, object] | None:
    """Run a queued import of organisations; the run records running, progress, done or failed."""
    from softlanding.prospects.importing.service import execute_import

    summary = execute_import(import_run_id)
    return summary.stored() if summary is not None else None


@task()
def complete_name_keys_task(organization_ids: list[int]) -> int:
    """Give organisations an import created every search key (the import stored the folds)."""
    from softlanding.prospects.importing.service import complete_name_keys

    return complete_name_keys(organization_ids)
