"""Spec for organisation-name matching keys (softlanding.prospects.names). No database."""

import pytest

from softlanding.prospects.names import (
    LEGAL_FORMS,
    MERGE_THRESHOLD,
    REVIEW_THRESHOLD,
    Match,
    fold,
    name_variants,
    search_keys,
    similarity,
    skeleton,
    split_legal_form,
)

# Groups whose members must all fold to one identical key.
SAME_KEY = [
    [
        "IdeaSoft LLC",
        "Idea Soft",
        "ООО «АйдиаСофт»",
        "АйдиаСофт",
        "IDEASOFT",
        "Idea-Soft Ltd.",
        "айдиасофт",
        "LLC “Idea Soft”",
    ],
    ["Яндекс", "Yandex", "Iandeks", "Jandeks", "ООО «Яндекс»", "Yandex LLC"],
    ["Щербаков", "Shcherbakov", "Ščerbakov", "Shherbakov", "Schtscherbakow", "Sherbakov"],
    ["ИООО «ЭПАМ Системз»", "EPAM Systems", "ЭПАМ Системс", "EPAM Systems, Inc."],
]


@pytest.mark.parametrize("group", SAME_KEY, ids=lambda g: g[0])
def test_groups_share_one_fold_key(group):
    assert {fold(name) for name in group} == {fold(group[0])}


# Pairs that must score at or above MERGE_THRESHOLD.
MATCH = [
    # legal forms before/after, quotes, punctuation, case, spacing
    ("IdeaSoft LLC", "Idea Soft"),
    ("Idea-Soft Ltd.", "IDEASOFT"),
    ("ООО «Ромашка»", "Ромашка"),
    ("«Ромашка» ООО", "ООО Ромашка"),
    ("„Ромашка“", "'Ромашка'"),
    ("OOO Ромашка", "Ромашка"),  # Latin OOO
    ("Общество с ограниченной ответственностью «Ромашка»", "Romashka LLC"),
    ("«Беларусбанк» ОАО", "OAO Belarusbank"),
    ("ОАО «Газпром»", "PJSC Gazprom"),
    ("ЗАО «Рога и копыта»", "ZAO Roga i Kopyta"),
    ("The Coca-Cola Company", "Coca Cola"),
    ("Ernst & Young", "Ernst and Young"),
    ("Kowalski Sp. z o.o.", "Kowalski"),
    ("Bolt OÜ", "Bolt"),
    ("ЧУП «Иванов»", "Ivanov"),
    ("СП ООО «Белсофт»", "Belsoft"),
    ("IdeaSоft", "IdeaSoft"),  # Cyrillic "о" typed inside a Latin name
    # Cyrillic -> Latin and Latin -> Cyrillic
    ("IdeaSoft LLC", "ООО «АйдиаСофт»"),
    ("айдиасофт", "Idea Soft"),
    ("Яндекс", "Yandex"),
    ("Yandex", "Jandeks"),
    ("Iandeks", "Яндекс"),
    ("Яндекс.Такси", "Yandex Taxi"),
    ("Lukoil", "Лукойл"),
    ("Сбербанк", "Sberbank"),
    ("Belavia", "Белавиа"),
    ("Microsoft", "Майкрософт"),
    ("Google", "Гугл"),
    ("SoftServe", "ТОВ «Софтсерв»"),
    ("Softeq", "Софтек"),
    ("SoftTeco", "СофтТеко"),
    # GOST vs BGN vs ISO vs ICAO spellings
    ("Щербаков", "Shcherbakov"),
    ("Shcherbakov", "Ščerbakov"),
    ("Shherbakov", "Щербаков"),
    ("Хабаров", "Khabarov"),
    ("Xabarov", "Хабаров"),
    ("Жуков", "Zhukov"),
    ("Žukov", "Жуков"),
    ("Чайка", "Chayka"),
    ("Čajka", "Chaika"),
    ("Цветков", "Tsvetkov"),
    ("Tzvetkov", "Цветков"),
    ("Андреев", "Andreyev"),
    ("Andreev", "Andreyev"),
    ("Евгений", "Yevgeniy"),
    ("Evgenij", "Evgenii"),
    ("Мария", "Marija"),
    ("Mariya", "Maria"),
    ("Илья", "Il'ja"),
    ("Ilya", "Ilia"),
    ("Grigoriy", "Григорий"),
    ("Grigorij", "Grigory"),
    ("Алексей", "Alexey"),
    ("Aleksei", "Aleksey"),
    ("Людмила", "Lyudmila"),
    ("Lyudmila", "Ludmila"),
    # Ukrainian and Belarusian letters
    ("Київстар", "Kyivstar"),
    ("Харків", "Kharkiv"),
    ("Європа", "Yevropa"),
    ("Ґалактика", "Galaktyka"),
    ("Григорій", "Hryhorii"),
    ("Праўда", "Praŭda"),
    ("Праўда", "Prauda"),
    ("Лукашэнка", "Lukashenka"),
    # English words written in Cyrillic
    ("EPAM Systems", "ИООО «ЭПАМ Системз»"),
    ("ЭПАМ Системс", "EPAM Systems, Inc."),
    ("Smart Solutions", "Смарт Солюшнс"),
    ("IBA Technologies", "ИБА Текнолоджис"),
    ("Data Labs", "Дата Лабс"),
    ("Cloud Group", "Клауд Груп"),
    ("Digital Development", "Диджитал Девелопмент"),
    ("Consulting Service", "Консалтинг Сервис"),
    ("Soft Line", "Софт Лайн"),
    ("FinTech Hub", "ФинТех Хаб"),
    ("SunWare", "СанВэр"),
    ("Nemiga IT", "ООО «Немига АйТи»"),
    ("Nemiga AI", "Немига ЭйАй"),
    ("Avis Health", "Авис Хэлс"),  # no "sh" across the word gap
    ("Steppe Software", "Степп Софтвэр"),
    ("Velorix Systems", "ТОВ «Велорікс Сістемс»"),  # Ukrainian respelling
    ("Digital Soft", "ТОВ «Діджітал Софт»"),
    ("АвтоВАЗ", "AvtoVAZ"),  # a Russian word, not English "auto"
    ("FLLC «Ideasoft»", "ИООО «АйдиаСофт»"),
    ("Velorix FZ-LLC", "Velorix"),
]


@pytest.mark.parametrize(("a", "b"), MATCH)
def test_same_organisation(a, b):
    m = similarity(a, b)
    assert m.score >= MERGE_THRESHOLD, m
    assert m.is_same
    assert m.reasons
    assert similarity(b, a).score == m.score


# Pairs that must score below MERGE_THRESHOLD; the flag says whether they are at least
# worth a human look (REVIEW_THRESHOLD <= score) or plainly different (below review).
DIFFERENT = [
    ("Softeq", "SoftTeco", False),
    ("Data Lab", "Data Labs Group", False),
    ("Soft Line", "SoftServe", False),
    ("EPAM Systems", "EPAM", True),  # same distinctive name, descriptor differs
    ("IdeaSoft", "IdeaSoft Lab", True),
    ("Yandex", "Yandex Bank", False),
    ("Gazprom", "Gazprombank", False),
    ("Itransition", "Intellias", False),
    ("Alfa Bank", "Alfa Soft", False),
    ("Wargaming", "Warner", False),
    ("IBA", "IBM", False),
    ("Andersen", "Anderson", True),
    ("Intetics", "Intellectsoft", False),
    ("ScienceSoft", "SoftServe", False),
    ("Иванов", "Ивановский", False),
    ("Петров", "Петрова", False),
    ("Альфа", "Омега", False),
    ("ООО «Ромашка-1»", "ООО «Ромашка-2»", False),
    ("Synesis", "Synergy", False),
    ("Сбербанк", "Сбер", False),
    ("Tut.by", "Tut Tech", False),
    ("Белсофт", "Белтелеком", False),
    ("Oxagile", "Oxford", False),
    ("Itechart", "iTech", False),
    ("EPAM", "PAM", False),
    ("Data Art", "Data Lab", False),
    ("BitCode", "ByteCode", True),  # silent e only bridges scripts, not spellings
    ("Glostritan", "Glostriton", True),  # one letter apart: a human decides
    ("Narach Soft", "Нарочь Софт", True),  # Belarusian vs Russian name of the lake
]


@pytest.mark.parametrize(("a", "b", "review"), DIFFERENT)
def test_different_organisations(a, b, review):
    m = similarity(a, b)
    assert m.score < MERGE_THRESHOLD, m
    assert not m.is_same
    assert m.needs_review is review, m
    assert m.reasons


def test_required_thresholds_from_the_issue():
    assert similarity("Softeq", "SoftTeco").score < MERGE_THRESHOLD
    assert similarity("IdeaSoft LLC", "ООО «АйдиаСофт»").score > MERGE_THRESHOLD
    assert 0 < REVIEW_THRESHOLD < MERGE_THRESHOLD < 1


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("IdeaSoft LLC", "Idea Soft", "same name after removing legal form (LLC)"),
        ("IdeaSoft LLC", "ООО «АйдиаСофт»", "same name across Cyrillic and Latin"),
        ("IdeaSoft LLC", "ООО «АйдиаСофт»", "legal forms differ (LLC vs OOO)"),
        ("Yandex", "Jandeks", "same name in another transliteration or spelling habit"),
        ("Xabarov", "Хабаров", "same name under another transliteration system"),
        ("Andersen", "Anderson", "names differ by 1 letter ('andersen' vs 'anderson')"),
        ("Softeq", "SoftTeco", "one name only extends the other ('softek' in 'softeko')"),
        ("Ромашка-1", "Ромашка-2", "numbers in the names differ"),
    ],
)
def test_reasons_explain_the_score(a, b, reason):
    assert reason in similarity(a, b).reasons


def test_identical_and_empty():
    assert similarity("IdeaSoft", "IdeaSoft") == Match(1.0, ["identical name"])
    assert similarity("", "IdeaSoft").score == 0.0
    assert similarity("«»", "ООО").score == 0.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ООО «АйдиаСофт»", ("АйдиаСофт", "OOO")),
        ("IdeaSoft LLC", ("IdeaSoft", "LLC")),
        ("IdeaSoft, L.L.C.", ("IdeaSoft", "LLC")),
        ("Idea-Soft Ltd.", ("Idea-Soft", "LTD")),
        ("LLC “Idea Soft”", ("Idea Soft", "LLC")),
        ("Kowalski sp. z o.o.", ("Kowalski", "SP_Z_OO")),
        ('ИООО "ЭПАМ Системз"', ("ЭПАМ Системз", "IOOO")),
        ("Частное унитарное предприятие «Иванов»", ("Иванов", "CHUP")),
        ("ТОВ 'Софтсерв'", ("Софтсерв", "TOV")),
        ("СП ООО «Белсофт»", ("Белсофт", "OOO")),
        ("Bolt OÜ", ("Bolt", "OU")),
        ("Siemens GmbH & Co. KG", ("Siemens", "GMBH_CO_KG")),
        ("O'Reilly Media Inc", ("O'Reilly Media", "INC")),
        ("ООО", ("ООО", None)),  # nothing would be left: not a legal form here
        ("Voice IP", ("Voice IP", None)),  # IP only counts before the name
        ("ИП Иванов", ("Иванов", "IP")),
        ("Level Up", ("Level Up", None)),
    ],
)
def test_split_legal_form(name, expected):
    assert split_legal_form(name) == expected


def test_legal_forms_table():
    for spelling in ("LLC", "L.L.C.", "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "Corp", "GmbH"):
        assert spelling in LEGAL_FORMS
    for spelling in ("sp. z o.o.", "OOO", "ООО", "ОАО", "ЗАО", "АО", "ПАО", "ИООО", "СООО"):
        assert spelling in LEGAL_FORMS
    for spelling in ("ЧУП", "ЧП", "УП", "ТОО", "ТОВ", "ПП", "ФОП", "ИП", "LLP", "JSC", "UAB"):
        assert spelling in LEGAL_FORMS
    for spelling in ("SIA", "OÜ", "Kft"):
        assert spelling in LEGAL_FORMS
    assert LEGAL_FORMS["L.L.C."] == LEGAL_FORMS["LLC"]
    assert LEGAL_FORMS["OOO"] == LEGAL_FORMS["ООО"]


def test_fold_is_ascii_alphanumeric():
    for name in ("ООО «АйдиаСофт»", "Щербаков", "Ґалактика", "Praŭda", "Žukov", "Київстар"):
        key = fold(name)
        assert key.isascii()
        assert key.isalnum()
    assert fold("ООО «Ромашка-2»") == "romaxka2"


def test_fold_keeps_sh_apart_from_s_h():
    # "сх" (s + h) must not meet "ш"; only Latin "sh" means ш.
    assert fold("Схема") != fold("Шема")
    assert fold("Shema") == fold("Шема")


def test_english_table_matches_whole_words_only():
    assert fold("Хабаров") == fold("Khabarov")  # not "hub" + "arov"
    assert fold("Астримон") == fold("Astrimon")  # not "stream"
    assert fold("СанВэр") == fold("SunWare")
    assert fold("Сан Вэр") == fold("Sun Ware")
    assert fold("айдиасофт") == fold("IdeaSoft")  # long entries match inside words


def test_spacing_does_not_change_the_key():
    for a, b in [("Idea Soft", "IdeaSoft"), ("Data Labs", "DataLabs"), ("Soft Teco", "SoftTeco")]:
        assert fold(a) == fold(b)


def test_skeleton_is_looser_than_fold():
    assert skeleton("Softeq") == skeleton("SoftTeco")  # blocking pair, scored apart
    assert skeleton("Hryhorii") == skeleton("Grigorii")
    assert skeleton("IdeaSoft LLC") == skeleton("ООО «АйдиаСофт»")
    assert skeleton("Yandex") != skeleton("Google")


def test_name_variants_cyrillic_to_latin():
    assert {"Yandeks", "Iandeks", "Jandeks"} <= name_variants("Яндекс")
    assert {"Shcherbakov", "Shherbakov", "Ščerbakov"} <= name_variants("Щербаков")
    assert "IdeaSoft" in name_variants("ООО «АйдиаСофт»")
    assert "EPAM Systems" in name_variants("ИООО «ЭПАМ Системз»")
    assert {"Kyivstar", "Hryhorii"} & (name_variants("Київстар") | name_variants("Григорій"))
    assert "Kyivstar" in name_variants("Київстар")
    assert "Hryhorii" in name_variants("Григорій")
    assert "Lukašenka" in name_variants("Лукашэнка")


def test_name_variants_latin_to_cyrillic():
    assert "Яндекс" in name_variants("Yandex")
    assert "АйдиаСофт" in name_variants("IdeaSoft LLC")
    assert "ЭПАМ Системс" in name_variants("EPAM Systems")
    assert name_variants("") == set()


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        (
            "IdeaSoft LLC",
            ["айдиасофт", "ideasoft", "idea soft", "Idea", "айдиа", "ООО АйдиаСофт", "Идеасофт"],
        ),
        ("ООО «АйдиаСофт»", ["IdeaSoft", "idea soft", "ideasoft", "айдиа", "AidiaSoft"]),
        ("Yandex", ["Яндекс", "Jandeks", "Iandeks", "yand", "ЯНДЕКС"]),
        ("Хабаров Групп", ["Xabarov", "Khabarov", "Habarov", "Khabarov Group", "Хабаров Груп"]),
        ("Щербаков", ["Shcherbakov", "Shherbakov", "Ščerbakov", "Sherbakov"]),
        ("SoftServe", ["Софтсерв", "СофтСерв", "soft serve", "Serve"]),
        ("Київстар", ["Kyivstar", "Kiivstar", "київ"]),
        ("EPAM Systems, Inc.", ["epam", "ЭПАМ", "Эпам Системз"]),
        ("SunWare", ["санвэр", "Сан Вэр", "СанВэр", "sunware", "Ware"]),
    ],
)
def test_search_keys_find_every_form(name, queries):
    keys = search_keys(name)
    assert keys[0] == fold(name)
    for query in queries:
        q = fold(query)
        assert any(k.startswith(q) for k in keys), (query, q, keys)


def test_search_keys_are_unique_and_skip_descriptors():
    keys = search_keys("EPAM Systems")
    assert len(keys) == len(set(keys))
    assert fold("Systems") not in keys


def test_synthetic_registry_names_meet_their_cyrillic_aliases():
    """The demo data pairs every Latin name with a Cyrillic alias; nearly all must fold alike.

    Known to fall short (and land in review instead): "Auto"/"Авто" (a Russian word too),
    "Bison"/"Бизон" (English s sounding z), "Narach"/"Нарочь" (Belarusian vs Russian).
    """
    words = pytest.importorskip("softlanding.core.synthetic.words")
    pairs = [
        (stem + suffix, stem_c + suffix_c)
        for stem, stem_c in words.NAME_STEMS
        for suffix, suffix_c in words.JOINED_SUFFIXES
    ] + [
        (f"{place} {suffix}", f"{place_c} {suffix_c}")
        for place, place_c in words.PLACE_WORDS
        for suffix, suffix_c in words.SPACED_SUFFIXES
    ]
    same = sum(fold(latin) == fold(cyrillic) for latin, cyrillic in pairs)
    same_ua = sum(fold(latin) == fold(words.to_ukrainian(cyr)) for latin, cyr in pairs)
    assert same / len(pairs) > 0.96
    assert same_ua / len(pairs) > 0.96
    scores = [similarity(latin, cyrillic) for latin, cyrillic in pairs]
    assert sum(m.is_same for m in scores) / len(pairs) > 0.97
    assert all(m.score >= REVIEW_THRESHOLD for m in scores)
