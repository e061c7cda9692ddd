"""The offer's seeded data, for tests that run after a flush."""

from __future__ import annotations


def seed_offer_defaults() -> None:
    """The catalogue, rivals, first rule set and answers the migrations seed, made again where a
    transactional test (a browser test) flushed them; existing rows are left alone."""
    from django.apps import apps

    from softlanding.offers.defaults import seed_answers, seed_catalogue
    from softlanding.outreach.defaults import seed_defaults

    seed_defaults(
        apps.get_model("outreach", "Objection"), apps.get_model("outreach", "EmailTemplate")
    )
    model = apps.get_model
    seed_catalogue(
        *(
            model("offers", name)
            for name in (
                "Benefit",
                "RivalDestination",
                "RivalOffer",
                "RuleSet",
                "RuleSetVersion",
                "Rule",
            )
        )
    )
    seed_answers(
        model("outreach", "Objection"),
        model("offers", "Benefit"),
        model("offers", "ObjectionAnswer"),
    )
