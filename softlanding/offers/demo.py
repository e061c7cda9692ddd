"""The offer's demo: the offer that answers IdeaSoft's "the local market does not appeal".

Registered with ``core.demo.register_demo_loader`` in ``OfferConfig.ready()`` (see
CONTRIBUTING), so core imports nothing of the offer.
"""

from __future__ import annotations

from softlanding.accounts.enums import Role
from softlanding.core.demo import ensure_demo_accounts
from softlanding.offers.models import OfferVersion
from softlanding.offers.services import build_offer
from softlanding.outreach.models import Opportunity

#: The finished campaign's story, as the seed article tells it (made by ``load_demo_data``).
DEMO_CAMPAIGN = "Belarus 2020"
DEMO_COMPANY = "IdeaSoft"


def load_demo_offers(base_url: str) -> bool:
    """IdeaSoft's offer in Russian, made by the programme lead; once, and only when the demo's
    outreach story is there."""
    opportunity = Opportunity.objects.filter(
        campaign__name=DEMO_CAMPAIGN, organization__name=DEMO_COMPANY
    ).first()
    if opportunity is None or OfferVersion.objects.filter(opportunity=opportunity).exists():
        return False
    lead = next(user for user in ensure_demo_accounts() if Role.PROGRAMME_LEAD in user.roles)
    build_offer(opportunity=opportunity, by=lead, language="ru")
    return True
