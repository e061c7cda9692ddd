"""The demo carries IdeaSoft's offer: Russian, answering "the local market does not appeal"."""

from __future__ import annotations

import pytest

from softlanding.core.demo import DEMO_LOADERS, load_demo_data
from softlanding.offers.demo import load_demo_offers
from softlanding.offers.models import OfferVersion

pytestmark = pytest.mark.django_db


def test_the_offers_demo_loader_is_registered() -> None:
    assert load_demo_offers in DEMO_LOADERS


def test_the_demo_has_a_russian_offer_for_ideasoft_once() -> None:
    assert load_demo_data()
    assert load_demo_offers("http://127.0.0.1:8000")

    offer = OfferVersion.objects.get(opportunity__organization__name="IdeaSoft")
    assert offer.language == "ru"
    assert offer.content["answers"][0]["argument"].startswith("Местный рынок вам не нужен")
    assert offer.pdf.read()[:5] == b"%PDF-"
    # The demo database is reused between runs: no second offer.
    assert not load_demo_offers("http://127.0.0.1:8000")
    assert OfferVersion.objects.count() == 1


def test_without_the_demo_story_the_offers_loader_does_nothing() -> None:
    assert not load_demo_offers("http://127.0.0.1:8000")
    assert not OfferVersion.objects.exists()
