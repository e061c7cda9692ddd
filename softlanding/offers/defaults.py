"""The starting catalogue: what the hub in the seed story offered by phone ("free workspaces,
no taxes, English law, visas and a community"), two rival destinations and a first rule set.
Migrations create them once; staff edit them afterwards."""

from __future__ import annotations

from datetime import date
from typing import Any

BENEFITS: list[dict[str, Any]] = [
    {
        "kind": "workspace",
        "title_en": "Free workspace for your team",
        "title_ru": "Бесплатные рабочие места для команды",
        "summary_en": "Desks from the first day and private offices for teams in the hub's "
        "building, free of charge for the first year.",
        "summary_ru": "Рабочие места с первого дня и отдельные офисы для команд в здании хаба, "
        "бесплатно в течение первого года.",
        "conditions_en": "For participants of the hub; offices for teams of 10 or more.",
        "conditions_ru": "Для участников хаба; отдельные офисы — для команд от 10 человек.",
        "details": {"desks": 40, "offices": 6, "months": 12},
    },
    {
        "kind": "tax_regime",
        "title_en": "Export-oriented tax regime",
        "title_ru": "Налоговый режим для экспорта",
        "summary_en": "No corporate income tax, VAT, property or land tax on IT revenue, and "
        "no personal income tax for staff: the regime is made for companies whose clients "
        "are abroad.",
        "summary_ru": "Без корпоративного подоходного налога, НДС, налога на имущество и на "
        "землю с доходов от IT и без индивидуального подоходного налога для сотрудников: режим "
        "создан для компаний, чьи клиенты за рубежом.",
        "conditions_en": "Participants of the hub with revenue from the listed IT activities; "
        "in force until 2029.",
        "conditions_ru": "Участники хаба с доходом от перечисленных видов IT-деятельности; "
        "действует до 2029 года.",
        "details": {
            "taxes": {
                "corporate_income_tax": "0%",
                "vat": "0%",
                "property_tax": "0%",
                "land_tax": "0%",
                "personal_income_tax": "0%",
            },
            "until": 2029,
        },
    },
    {
        "kind": "jurisdiction",
        "title_en": "English-law contracts and courts",
        "title_ru": "Договоры и суд по английскому праву",
        "summary_en": "Contracts under English common law, heard by the International "
        "Financial Centre's court and arbitration centre with judges from common-law countries.",
        "summary_ru": "Договоры по английскому общему праву; споры рассматривают суд и "
        "арбитражный центр Международного финансового центра с судьями из стран общего права.",
        "conditions_en": "For companies registered in the financial centre or whose contracts "
        "name its court.",
        "conditions_ru": "Для компаний, зарегистрированных в финансовом центре, или чьи "
        "договоры называют его суд.",
        "details": {
            "court": "AIFC Court",
            "arbitration": "International Arbitration Centre",
            "law": "English common law",
        },
    },
    {
        "kind": "visa_support",
        "title_en": "Visas for staff and their families",
        "title_ru": "Визы для сотрудников и их семей",
        "summary_en": "Work visas and residence permits for staff through the hub, with "
        "spouses and children, without labour-market tests.",
        "summary_ru": "Рабочие визы и виды на жительство для сотрудников через хаб, вместе с "
        "супругами и детьми, без проверки рынка труда.",
        "conditions_en": "For staff of participants; the company applies through the hub.",
        "conditions_ru": "Для сотрудников участников хаба; компания подаёт документы через хаб.",
        "details": {
            "visa_types": ["work visa", "residence permit", "tech visa"],
            "processing_days": 10,
            "family": True,
        },
    },
    {
        "kind": "community",
        "title_en": "A community of founders and mentors",
        "title_ru": "Сообщество основателей и менторов",
        "summary_en": "Mentors, meetups, demo days and introductions to clients and investors "
        "in the region and beyond: access to markets the hub opens.",
        "summary_ru": "Менторы, митапы, демо-дни и знакомства с клиентами и инвесторами в "
        "регионе и за его пределами: доступ к рынкам, которые открывает хаб.",
        "conditions_en": "Open to every participant.",
        "conditions_ru": "Открыто для всех участников.",
        "details": {"mentors": 60, "events_per_month": 8},
    },
    {
        "kind": "grant",
        "title_en": "Relocation grant",
        "title_ru": "Грант на переезд",
        "summary_en": "A grant towards moving a team: tickets, first months' rent, registration.",
        "summary_ru": "Грант на переезд команды: билеты, аренда жилья на первые месяцы, "
        "регистрация.",
        "conditions_en": "For teams of at least 10 people relocating within six months.",
        "conditions_ru": "Для команд от 10 человек, переезжающих в течение шести месяцев.",
        "details": {"amount": 20000, "currency": "USD"},
    },
]

RIVALS: list[dict[str, Any]] = [
    {
        "name_en": "Dubai",
        "name_ru": "Дубай",
        "country": "AE",
        "offers": {
            "workspace": (
                "Paid desks in free-zone business centres.",
                "Платные рабочие места в бизнес-центрах свободных зон.",
            ),
            "tax_regime": (
                "9% corporate tax above a threshold; no personal income tax.",
                "Корпоративный налог 9% выше порога; нет подоходного налога с физических лиц.",
            ),
            "jurisdiction": (
                "English-law courts in the DIFC free zone.",
                "Суды по английскому праву в свободной зоне DIFC.",
            ),
            "visa_support": (
                "Two-year employment visas; golden visa by investment.",
                "Рабочие визы на два года; «золотая виза» за инвестиции.",
            ),
            "community": (
                "Large expatriate business community.",
                "Большое сообщество иностранного бизнеса.",
            ),
            "grant": ("No relocation grants.", "Грантов на переезд нет."),
        },
    },
    {
        "name_en": "Cyprus",
        "name_ru": "Кипр",
        "country": "CY",
        "offers": {
            "workspace": ("Paid offices at market rates.", "Платные офисы по рыночным ценам."),
            "tax_regime": (
                "12.5% corporate tax; IP box at 2.5%.",
                "Корпоративный налог 12,5%; режим IP box 2,5%.",
            ),
            "jurisdiction": ("Common-law courts, EU law.", "Суды общего права, право ЕС."),
            "visa_support": (
                "Work permits for foreign-interest companies.",
                "Разрешения на работу для компаний с иностранным капиталом.",
            ),
            "community": (
                "Growing tech community in Limassol.",
                "Растущее IT-сообщество в Лимасоле.",
            ),
            "grant": ("No relocation grants.", "Грантов на переезд нет."),
        },
    },
]

RULE_SET_NAME = "Hub participation"
RULES: list[tuple[str, dict[str, Any]]] = [
    (
        "activity_in_list",
        {
            "activities": [
                "software_development",
                "it_services",
                "data_processing",
                "hardware_design",
                "it_education",
            ]
        },
    ),
    ("min_revenue_abroad_percent", {"min": "50"}),
    ("max_state_owned_percent", {"max": "50"}),
    ("min_employees", {"min": 3}),
]
RULES_EFFECTIVE_FROM = date(2020, 1, 1)


def seed_catalogue(
    Benefit: Any,
    RivalDestination: Any,
    RivalOffer: Any,
    RuleSet: Any,
    RuleSetVersion: Any,
    Rule: Any,
) -> None:
    """Create the catalogue, rivals and rule set once (skipped where any already exist)."""
    if not Benefit.objects.exists():
        for position, benefit in enumerate(BENEFITS):
            Benefit.objects.create(position=position, **benefit)
    if not RivalDestination.objects.exists():
        for position, rival in enumerate(RIVALS):
            destination = RivalDestination.objects.create(
                name_en=rival["name_en"],
                name_ru=rival["name_ru"],
                country=rival["country"],
                position=position,
            )
            for kind, (en, ru) in rival["offers"].items():
                RivalOffer.objects.create(
                    destination=destination, kind=kind, text_en=en, text_ru=ru
                )
    if not RuleSet.objects.exists():
        rule_set = RuleSet.objects.create(
            name=RULE_SET_NAME,
            description="Who may join the hub and use its tax regime.",
        )
        version = RuleSetVersion.objects.create(
            rule_set=rule_set,
            number=1,
            effective_from=RULES_EFFECTIVE_FROM,
            is_published=True,
            notes="The first rules, as the programme published them.",
        )
        for position, (kind, parameters) in enumerate(RULES):
            Rule.objects.create(
                version=version, kind=kind, parameters=parameters, position=position
            )
