"""The analysts' signal rules screen: list, add, edit, disable, validation, try it, and the
analyzer rebuilt when a rule changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from softlanding.accounts.enums import Role
from softlanding.radar import services
from softlanding.radar.analysis import Extracted
from softlanding.radar.models import SignalRule
from tests.conftest import client_for
from tests.factories import StaffFactory

# No bundled rule knows this word: only an analyst's rule can make a signal of it.
SENTENCE = "Engineers in Minsk report a wave of zorbification at their offices."


@pytest.fixture
def analyst(db):
    return client_for(StaffFactory(role=Role.ANALYST))


@pytest.fixture
def scout(db):
    return client_for(StaffFactory(role=Role.SCOUT))


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "type": "pressure_on_companies",
        "language": "en",
        "terms": "zorbif*",
        "weight": "0.7",
        "enabled": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _signal_types(text: str) -> set[str]:
    analysis = services.current_analyzer().analyze(Extracted(text=text, title="", language="en"))
    return {s.type for s in analysis.signals}


def test_analyst_adds_edits_and_disables_a_rule_and_the_analyzer_follows(analyst):
    assert "pressure_on_companies" not in _signal_types(SENTENCE)
    response = analyst.post(reverse("radar:rule_create"), _form())
    assert response.status_code == 302
    rule = SignalRule.objects.get()
    assert (rule.type, rule.language, rule.terms, rule.weight) == (
        "pressure_on_companies",
        "en",
        "zorbif*",
        0.7,
    )
    assert "pressure_on_companies" in _signal_types(SENTENCE)

    # Editing the terms (same count, same ids) still rebuilds the cached analyzer.
    response = analyst.post(
        reverse("radar:rule_edit", args=[rule.pk]), _form(terms="quuxation, offices")
    )
    assert response.status_code == 302
    assert "pressure_on_companies" not in _signal_types(SENTENCE)
    assert "pressure_on_companies" in _signal_types("Quuxation hit the offices in Minsk.")

    response = analyst.post(reverse("radar:rule_toggle", args=[rule.pk]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert not rule.enabled
    assert "pressure_on_companies" not in _signal_types("Quuxation hit the offices in Minsk.")
    page = analyst.get(reverse("radar:rule_list")).content.decode()
    assert "quuxation, offices" in page
    assert "Enable" in page


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("protest(s|ers)?", "not regular expressions"),
        ("pro*test", "* may only end a word"),
        ("pr*", "at least three letters"),
        (" , ,", "at least one word"),
        ("a,b,c,d,e,f,g", "at most 6 terms"),
        ("x", "too short to match"),
        ("@net_topic, @no_such_lexicon", "There is no lexicon “@no_such_lexicon”"),
        ("визов* режим* | IT-виз*", "* may only end the last word"),
        ("glitch* | net@event", "@ may only start a lexicon"),
    ],
)
def test_a_bad_rule_gets_a_clear_message_and_is_not_stored(analyst, terms, message):
    response = analyst.post(reverse("radar:rule_create"), _form(terms=terms))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignalRule.objects.exists()


def test_a_bad_weight_is_refused(analyst):
    response = analyst.post(reverse("radar:rule_create"), _form(weight="3"))
    assert response.status_code == 200
    assert not SignalRule.objects.exists()
    with pytest.raises(ValueError, match=r"between 0\.05 and 1"):
        services.save_signal_rule(type="relocation", language="en", terms="leave*", weight=2.0)


def test_a_failed_edit_keeps_the_rule(analyst):
    rule = services.save_signal_rule(type="relocation", language="en", terms="zorbif*", weight=0.6)
    response = analyst.post(reverse("radar:rule_edit", args=[rule.pk]), _form(terms="[x]"))
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.terms == "zorbif*"


def test_try_it_shows_which_rules_fire(analyst):
    own = services.save_signal_rule(
        type="pressure_on_companies", language="en", terms="zorbif*", weight=0.7
    )
    page = analyst.get(
        reverse("radar:rule_list"),
        {"text": f"{SENTENCE} The weather was fine. Protesters filled the streets."},
    ).content.decode()
    assert f"#{own.pk}" in page
    assert "Pressure on companies or their staff 0.70" in page
    assert "bundled #" in page  # the protest rules
    assert "Political unrest" in page
    assert "The weather was fine." in page


def test_try_it_shows_a_negated_sentence(analyst):
    page = analyst.get(
        reverse("radar:rule_list"), {"text": "The government denied that protesters were in Minsk."}
    ).content.decode()
    assert "negated" in page


def test_scouts_see_the_rules_but_cannot_change_them(scout):
    rule = services.save_signal_rule(type="relocation", language="ru", terms="уех*", weight=0.6)
    page = scout.get(reverse("radar:rule_list")).content.decode()
    assert "уех*" in page
    assert reverse("radar:rule_edit", args=[rule.pk]) not in page
    assert scout.post(reverse("radar:rule_create"), _form()).status_code == 403
    assert scout.post(reverse("radar:rule_toggle", args=[rule.pk])).status_code == 403
    rule.refresh_from_db()
    assert rule.enabled


def test_rule_list_shows_the_bundled_rules(scout):
    page = scout.get(reverse("radar:rule_list")).content.decode()
    assert "Bundled rules" in page
    assert "protest*" in page


def test_an_analysts_compositional_rule_takes_effect_in_both_languages(analyst):
    """A bundled lexicon times the analyst's own choices, in one clause, stopped by a word."""
    english = "Telegram glitched for hours in Minsk offices."
    russian = "В минских офисах весь день глючил Телеграм."
    far = "Telegram was fine, while the coffee machines and the lifts in Minsk offices glitched."
    stopped = "Telegram glitched in Minsk during the football match."
    for text in (english, russian, far, stopped):
        assert "internet_shutdown" not in _signal_types(text)
    response = analyst.post(
        reverse("radar:rule_create"),
        _form(
            type="internet_shutdown",
            terms="@net_topic, glitch* | глючи* | глюк*",
            within="4",
            unless="@sport",
        ),
    )
    assert response.status_code == 302
    rule = SignalRule.objects.get()
    assert (rule.terms, rule.within, rule.unless) == (
        "@net_topic, glitch* | глючи* | глюк*",
        4,
        "@sport",
    )
    assert "internet_shutdown" in _signal_types(english)
    assert "internet_shutdown" in _signal_types(russian)  # "глючил", "Телеграм" inflected
    assert "internet_shutdown" not in _signal_types(far)  # more than four words apart
    assert "internet_shutdown" not in _signal_types(stopped)  # unless @sport
    page = analyst.get(reverse("radar:rule_list")).content.decode()
    assert "within 4 words" in page
    assert "@net_topic" in page  # the lexicons are listed for analysts to name


def test_a_bad_unless_or_within_is_refused(analyst):
    response = analyst.post(reverse("radar:rule_create"), _form(unless="@nope"))
    assert response.status_code == 200
    assert "There is no lexicon" in response.content.decode()
    response = analyst.post(reverse("radar:rule_create"), _form(within="0"))
    assert response.status_code == 200
    assert not SignalRule.objects.exists()
    with pytest.raises(ValueError, match="words apart"):
        services.save_signal_rule(
            type="relocation", language="en", terms="leave*", weight=0.6, within=99
        )


def test_try_it_shows_a_hypothetical_sentence(analyst):
    page = analyst.get(
        reverse("radar:rule_list"),
        {"text": "Authorities might switch off mobile internet in Bishkek."},
    ).content.decode()
    assert "hypothetical" in page


def test_try_it_names_the_damper_that_weakened_a_sentence(scout):
    page = scout.get(
        reverse("radar:rule_list"),
        {"text": "Five years ago thousands of protesters marched through Minsk."},
    ).content.decode()
    assert "weakened: retrospective" in page
    assert "Dampers" in page
    assert "no foreign target" in page  # the bundled dampers are listed with their words
    assert "@foreign_target" in page


def test_the_dampers_weaken_an_analysts_rule_too(analyst):
    """An analyst's offer rule fires only when the offer names a foreign target."""
    local = "Georgia zorbifies engineers with cheap flats."
    foreign = "Georgia zorbifies foreign engineers with cheap flats."
    response = analyst.post(
        reverse("radar:rule_create"), _form(type="rival_offer", terms="zorbif*", weight="0.7")
    )
    assert response.status_code == 302
    assert "rival_offer" not in _signal_types(local)
    assert "rival_offer" in _signal_types(foreign)
    page = analyst.get(reverse("radar:rule_list"), {"text": local}).content.decode()
    assert "weakened: no foreign target" in page
