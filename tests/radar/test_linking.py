"""Similar names of different companies are not confused; renderings across scripts still link.

``fold`` makes "Softeq", "SoftTech" and "Софтек" one key on purpose (transliteration habits).
Within one script a spelling is the company's own: "Softeq" in an English article is not the
tracked SoftTech. Across scripts, or in a record's renderings into another script, the key
decides as before.
"""

from __future__ import annotations

import pytest

from softlanding.prospects.models import Organization, OrganizationAlias
from softlanding.radar.analysis import (
    Analyzer,
    Extracted,
    NameEntry,
    default_analyzer,
    extract_text,
    spelling,
)
from softlanding.radar.models import Mention
from softlanding.radar.services import build_analyzer, store_article


def analyzer_of(*records: tuple[str, list[str]]) -> Analyzer:
    """An analyzer tracking organisations given as (own name, [names and aliases])."""
    return default_analyzer(
        (NameEntry("organization", str(i), own, country="BY"), name)
        for i, (own, names) in enumerate(records, 1)
        for name in names
    )


def linked(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    """(surface, tracked name) of every organisation the text is linked to."""
    result = analyzer.analyze(extract_text(text))
    return sorted((m.surface, m.name) for m in result.mentions if m.kind == "organization")


SOFTTECH = ("SoftTech", ["SoftTech LLC"])
SOFTEQ = ("Softeq", ["Softeq", "Софтек"])
IDEASOFT = ("IdeaSoft", ["IdeaSoft LLC", "ИдеаСофт"])


def test_the_names_collide_in_the_key():
    """The defect this guards against: one key for two companies."""
    from softlanding.prospects.names import fold

    assert fold("Softeq") == fold("SoftTech") == fold("Софтек")


def test_an_article_about_softeq_names_softeq_not_softtech():
    both = analyzer_of(SOFTTECH, SOFTEQ)
    text = "Softeq opened an office in Warsaw, the company said on Monday."
    assert linked(both, text) == [("Softeq", "Softeq")]


@pytest.mark.parametrize(
    "text",
    [
        "Softeq opened an office in Warsaw.",
        "The Softtek team moved to Vilnius.",
        "Soft Tek opened an office in Warsaw.",
    ],
)
def test_another_spelling_in_the_same_script_is_another_company(text):
    assert linked(analyzer_of(SOFTTECH), text) == []


def test_the_other_company_is_offered_to_the_scouts_as_a_candidate():
    result = analyzer_of(SOFTTECH).analyze(
        extract_text("Softeq moves\nThe company Softeq opened an office in Warsaw on Monday.")
    )
    assert [(c.name, c.kind) for c in result.candidates] == [("Softeq", "organization")]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("SoftTech's office in Minsk grew.", "SoftTech"),
        ("SoftTech’s office in Minsk grew.", "SoftTech"),
        ("Soft Tech opened an office in Warsaw.", "Soft Tech"),
        ("Soft-Tech opened an office in Warsaw.", "Soft-Tech"),
        ("SOFTTECH opened an office in Warsaw.", "SOFTTECH"),
        ("SoftTech LLC opened an office in Warsaw.", "SoftTech"),
    ],
)
def test_the_own_spelling_links_whatever_its_case_spacing_or_punctuation(text, surface):
    assert linked(analyzer_of(SOFTTECH), text) == [(surface, "SoftTech")]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Глава компании ИдеаСофт рассказал о переезде.", "ИдеаСофт"),
        ("У ИдеаСофта новый офис в Варшаве.", "ИдеаСофта"),
        ("Сотрудники ИдеаСофту не сообщили.", "ИдеаСофту"),
        # Another rendering of the Latin brand into Cyrillic: a transliteration habit.
        ("Глава компании АйдиаСофт рассказал о переезде.", "АйдиаСофт"),
        ("Компания «АйдиаСофт» открыла офис.", "АйдиаСофт"),
        ("the Idea Soft team moved to Warsaw.", "Idea Soft"),
        ("Idea-Soft moved to Warsaw.", "Idea-Soft"),
    ],
)
def test_renderings_inflections_and_spacing_of_a_tracked_name_still_link(text, surface):
    assert linked(analyzer_of(IDEASOFT), text) == [(surface, "IdeaSoft")]


def test_a_cyrillic_mention_of_a_latin_only_name_links_by_the_key():
    latin_only = analyzer_of(("Softeq", ["Softeq"]))
    assert linked(latin_only, "Компания Софтек открыла офис в Варшаве.") == [("Софтек", "Softeq")]
    # Two Latin-only records fold alike: with no spelling to tell them apart, both, as before.
    two = analyzer_of(("Softeq", ["Softeq"]), SOFTTECH)
    assert linked(two, "Компания Софтек открыла офис в Варшаве.") == [
        ("Софтек", "SoftTech"),
        ("Софтек", "Softeq"),
    ]


def test_a_record_whose_alias_is_the_exact_spelling_is_preferred():
    both = analyzer_of(SOFTTECH, SOFTEQ)
    assert linked(both, "Компания Софтек открыла офис в Варшаве.") == [("Софтек", "Softeq")]
    assert linked(both, "У Софтека новый офис в Варшаве.") == [("Софтека", "Softeq")]


def test_cyrillic_brands_are_told_apart_in_cyrillic_too():
    cyrillic = analyzer_of(("СофтТек", ["ООО «СофтТек»"]))
    assert linked(cyrillic, "Компания Софтек открыла офис.") == []
    assert linked(cyrillic, "Компания СофтТек открыла офис.") == [("СофтТек", "СофтТек")]
    assert linked(cyrillic, "У СофтТека новый офис.") == [("СофтТека", "СофтТек")]
    # From a Latin text the Cyrillic brand is met through the key, as before.
    assert linked(cyrillic, "Softeq opened an office.") == [("Softeq", "СофтТек")]


def test_places_and_people_are_not_held_to_one_spelling():
    result = default_analyzer(
        [
            (NameEntry("person", "7", "Yury Plyashkov"), "Yury Plyashkov"),
            (NameEntry("person", "7", "Yury Plyashkov"), "Юрий Пляшков"),
        ]
    ).analyze(extract_text("Yuri Plyashkov spoke in Minsk; Юрия Пляшкова знают в Беларуси."))
    assert [m.ref for m in result.mentions if m.kind == "person"] == ["7", "7"]
    assert result.countries == ["BY"]


def test_strict_forms():
    assert spelling(["Soft", "Tech"]) == ("latin", ("softtech",))
    assert spelling(["Café"])[1] == spelling(["CAFE"])[1]
    script, forms = spelling(["ИдеаСофта"])
    assert script == "cyrillic"
    assert "идеасофт" in forms
    assert spelling(["1С"])[0] == "cyrillic"
    assert spelling(["ITСофт"])[0] == "mixed"


@pytest.mark.django_db
def test_the_registry_links_an_article_to_the_company_it_names():
    softtech = Organization.objects.create(name="SoftTech", country="BY")
    softeq = Organization.objects.create(name="Softeq", country="BY")
    OrganizationAlias.objects.create(organization=softeq, name="Софтек")
    article, _created = store_article(
        extracted=Extracted(
            title="Softeq opens in Warsaw",
            text="Softeq opened an office in Warsaw; SoftTech's plans are unknown.",
            url="https://news.example/softeq",
        ),
        analyzer=build_analyzer(),
    )
    assert article is not None
    named = Mention.objects.filter(article=article, organization__isnull=False)
    assert set(named.values_list("organization_id", "surface")) == {
        (softeq.pk, "Softeq"),
        (softtech.pk, "SoftTech"),
    }
