"""Hand-written organisations the demo always has, so a newcomer meets the product's story.

IdeaSoft and its head are the real case from the seed article (Eurasianet, September 2020):
Astana Hub phoned, he declined because his clients are in the US, Europe and Australia. Only
what the article says is recorded about them; there is no invented contact data for a real
person. Every other company and person here is fictional.
"""

from __future__ import annotations

from softlanding.core.synthetic.generator import OrganizationRecord, PersonRecord


def story_organizations() -> list[OrganizationRecord]:
    """Fresh records on every call: the loader fills in nothing, but callers may."""
    return [
        OrganizationRecord(
            name="IdeaSoft",
            legal_form="ООО",
            country="BY",
            city="Minsk",
            website="https://ideasoft.io",
            domain="ideasoft.io",
            employees=None,
            founded=None,
            markets=["US", "EU", "Australia"],
            specialities=["outsourcing"],
            aliases=["ООО «АйдиаСофт»"],
            notes=(
                "September 2020: Astana Hub phoned offering free workspace, no taxes, English "
                "law, visas and a community in Kazakhstan. Declined: the Kazakh market does not "
                "appeal, clients are in the US, Europe and Australia."
            ),
            people=[
                PersonRecord(
                    first_name="Yury",
                    last_name="Plyashkov",
                    first_name_cyrillic="Юрий",
                    last_name_cyrillic="Пляшков",
                    job_title="CEO",
                    email="",
                    phone="",
                    languages=["ru", "en"],
                    country="BY",
                )
            ],
        ),
        OrganizationRecord(
            name="Svisloch Labs",
            legal_form="ЧУП",
            country="BY",
            city="Minsk",
            website="https://svislochlabs.by",
            domain="svislochlabs.by",
            employees=45,
            founded=2014,
            markets=["EU", "UK", "DACH"],
            specialities=["ML", "data engineering", "Python"],
            aliases=["ЧУП «Свислочь Лабс»"],
            people=[
                _person(
                    "Volha",
                    "Karpovich",
                    "Ольга",
                    "Карпович",
                    "CEO",
                    "svislochlabs.by",
                    "+375 29 614 20 37",
                    "BY",
                    ["ru", "be", "en"],
                ),
                _person(
                    "Dzmitry",
                    "Novik",
                    "Дмитрий",
                    "Новик",
                    "CTO",
                    "svislochlabs.by",
                    "+375 44 702 18 55",
                    "BY",
                    ["ru", "en"],
                ),
            ],
        ),
        OrganizationRecord(
            name="Brestline Software",
            legal_form="ООО",
            country="BY",
            city="Brest",
            website="https://brestline.com",
            domain="brestline.com",
            employees=180,
            founded=2009,
            markets=["US", "EU"],
            specialities=["Java", ".NET", "QA", "outsourcing"],
            aliases=["ООО «Брестлайн Софтвэр»"],
            people=[
                _person(
                    "Siarhei",
                    "Klimovich",
                    "Сергей",
                    "Климович",
                    "Managing Director",
                    "brestline.com",
                    "+375 29 381 45 09",
                    "BY",
                    ["ru", "en", "pl"],
                ),
                _person(
                    "Katsiaryna",
                    "Zhuk",
                    "Екатерина",
                    "Жук",
                    "Head of HR",
                    "brestline.com",
                    "+375 33 226 71 80",
                    "BY",
                    ["ru", "en"],
                ),
            ],
        ),
        OrganizationRecord(
            name="PixelKama",
            legal_form="ООО",
            country="RU",
            city="Kazan",
            website="https://pixelkama.ru",
            domain="pixelkama.ru",
            employees=70,
            founded=2015,
            markets=["EU", "US", "Asia"],
            specialities=["gamedev", "C++", "UI/UX"],
            aliases=["ООО «ПиксельКама»"],
            people=[
                _person(
                    "Ruslan",
                    "Galiev",
                    "Руслан",
                    "Галиев",
                    "Founder & CEO",
                    "pixelkama.ru",
                    "+7 917 402 66 13",
                    "RU",
                    ["ru", "en"],
                ),
            ],
        ),
        OrganizationRecord(
            name="Ratusha Digital",
            legal_form="ТОВ",
            country="UA",
            city="Lviv",
            website="https://ratushadigital.com",
            domain="ratushadigital.com",
            employees=120,
            founded=2012,
            markets=["US", "UK", "Nordics"],
            specialities=["JavaScript", "React", "QA", "outsourcing"],
            aliases=["ТОВ «Ратуша Діджитал»"],
            people=[
                _person(
                    "Ostap",
                    "Hnatiuk",
                    "Остап",
                    "Гнатюк",
                    "CEO",
                    "ratushadigital.com",
                    "+380 67 318 52 40",
                    "UA",
                    ["uk", "en", "pl"],
                ),
                _person(
                    "Solomiia",
                    "Melnyk",
                    "Соломія",
                    "Мельник",
                    "Head of Sales",
                    "ratushadigital.com",
                    "+380 93 774 10 26",
                    "UA",
                    ["uk", "en"],
                ),
            ],
        ),
        OrganizationRecord(
            name="Steppe Analytics",
            legal_form="ТОО",
            country="KZ",
            city="Almaty",
            website="https://steppeanalytics.kz",
            domain="steppeanalytics.kz",
            employees=25,
            founded=2018,
            markets=["CIS", "Central Asia", "Middle East"],
            specialities=["ML", "data engineering", "fintech"],
            aliases=["ТОО «Степп Аналитикс»"],
            people=[
                _person(
                    "Aigerim",
                    "Suleimenova",
                    "Айгерим",
                    "Сулейменова",
                    "CEO",
                    "steppeanalytics.kz",
                    "+7 701 245 83 17",
                    "KZ",
                    ["kk", "ru", "en"],
                ),
            ],
        ),
        OrganizationRecord(
            name="Nemiga Apps",
            legal_form="sp. z o.o.",
            country="PL",
            city="Warsaw",
            website="https://nemigaapps.com",
            domain="nemigaapps.com",
            employees=90,
            founded=2016,
            markets=["US", "EU"],
            specialities=["iOS", "Android", "Flutter"],
            # Moved from Minsk to Warsaw; still known at home by the Belarusian entity's name.
            aliases=["Немига Аппс", "ООО «Немига Аппс»"],
            people=[
                _person(
                    "Aliaksandr",
                    "Kazlou",
                    "Александр",
                    "Козлов",
                    "Founder & CEO",
                    "nemigaapps.com",
                    "+48 512 408 771",
                    "PL",
                    ["ru", "be", "en", "pl"],
                ),
                _person(
                    "Hanna",
                    "Makarevich",
                    "Анна",
                    "Макаревич",
                    "Head of HR",
                    "nemigaapps.com",
                    "+48 605 113 294",
                    "PL",
                    ["ru", "en"],
                ),
            ],
        ),
    ]


def _person(
    first: str,
    last: str,
    first_cyrillic: str,
    last_cyrillic: str,
    role: str,
    domain: str,
    phone: str,
    country: str,
    languages: list[str],
) -> PersonRecord:
    return PersonRecord(
        first_name=first,
        last_name=last,
        first_name_cyrillic=first_cyrillic,
        last_name_cyrillic=last_cyrillic,
        job_title=role,
        email=f"{first.lower()}.{last.lower()}@{domain}",
        phone=phone,
        languages=languages,
        country=country,
    )


# Random organisations never take these names, so the demo has one IdeaSoft.
STORY_NAMES = frozenset(org.name for org in story_organizations())
