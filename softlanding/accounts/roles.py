"""What each staff role may do, as data. A migration turns this into groups with permissions.

When this table changes, add a migration that calls ``sync_role_groups`` again.
"""

from __future__ import annotations

from typing import Any

from softlanding.accounts.enums import Role

VIEW_ALL = (
    "accounts.view_prospects",
    "accounts.view_outreach",
    "accounts.view_radar",
    "accounts.view_offers",
    "accounts.view_cases",
    "accounts.view_reports",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.PROGRAMME_LEAD: (
        *VIEW_ALL,
        "accounts.edit_prospects",
        "accounts.log_outreach",
        "accounts.manage_campaigns",
        "accounts.manage_offers",
        "accounts.review_applications",
        "accounts.handle_personal_data",
    ),
    Role.SCOUT: (
        "accounts.view_prospects",
        "accounts.edit_prospects",
        "accounts.view_outreach",
        "accounts.log_outreach",
        "accounts.view_radar",
        "accounts.view_offers",
    ),
    Role.CASE_OFFICER: (
        "accounts.view_prospects",
        "accounts.view_offers",
        "accounts.review_applications",
        "accounts.view_cases",
        "accounts.manage_cases",
    ),
    # Analysts curate the radar: its sources and its signal rules.
    Role.ANALYST: (*VIEW_ALL, "accounts.manage_sources"),
    Role.ADMINISTRATOR: (
        *VIEW_ALL,
        "accounts.manage_users",
        "accounts.manage_sources",
        "accounts.handle_personal_data",
    ),
}


def sync_role_groups(apps: Any) -> None:
    """Create one group per role and give it exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; a data migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role.value)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            found = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # An earlier migration runs before a permission added later exists; the migration
            # that adds it calls this again (a test holds the groups to this table).
            if found is not None:
                permissions.append(found)
        group.permissions.set(permissions)
