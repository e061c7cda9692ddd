from __future__ import annotations

import pytest

from tests.offers.seeding import seed_offer_defaults


@pytest.fixture(autouse=True)
def offer_defaults(db: None) -> None:
    seed_offer_defaults()
