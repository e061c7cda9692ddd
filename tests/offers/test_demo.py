"""The demo carries IdeaSoft's offer: Russian, answering "the local market does not appeal"."""

from __future__ import annotations

import pytest

from softlanding.offers.models import OfferVersion

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_russian_offer_for_ideasoft() -> None:
    from softlanding.core.demo import load_demo_data

    assert load_demo_data()
    offer = OfferVersion.objects.get(opportunity__organization__name="IdeaSoft")
    assert offer.language == "ru"
    assert offer.content["answers"][0]["argument"].startswith("Местный рынок вам не нужен")
    assert offer.pdf.read()[:5] == b"%PDF-"
