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


#: What answers each default objection (outreach/defaults.py): the kinds of benefits it points
#: to and the argument, in English and Russian.
ANSWERS: dict[str, tuple[list[str], str, str]] = {
    "local_market": (
        ["tax_regime", "jurisdiction", "community"],
        "You do not need the local market: the hub is a base to serve clients abroad. The tax "
        "regime is made for export revenue, contracts with your clients can be under English law "
        "with a common-law court, and the hub opens markets in the region and beyond through its "
        "partners and events.",
        "Местный рынок вам не нужен: хаб — это база для работы с клиентами за рубежом. Налоговый "
        "режим создан для экспортной выручки, договоры с клиентами можно заключать по "
        "английскому праву с судом общего права, а хаб открывает рынки региона и за его "
        "пределами через партнёров и мероприятия.",
    ),
    "other_destination": (
        ["tax_regime", "workspace", "grant"],
        "Compared with the usual destinations, the hub costs less to land in: no taxes on IT "
        "revenue, free desks for a year and a relocation grant, where others charge rent and "
        "corporate tax.",
        "По сравнению с привычными направлениями переезд в хаб обходится дешевле: нет налогов с "
        "IT-выручки, рабочие места бесплатно на год и грант на переезд — там, где другие берут "
        "аренду и корпоративный налог.",
    ),
    "family_schooling": (
        ["visa_support", "community"],
        "Families come with your staff: visas cover spouses and children, and the community "
        "helps with international schools, kindergartens and doctors.",
        "Семьи переезжают вместе с сотрудниками: визы оформляются на супругов и детей, а "
        "сообщество помогает с международными школами, детскими садами и врачами.",
    ),
    "language": (
        ["community", "jurisdiction"],
        "Russian is spoken everywhere, business and courts work in English, and the community "
        "runs its events in both.",
        "Русский язык понимают везде, бизнес и суд работают на английском, а сообщество проводит "
        "мероприятия на обоих языках.",
    ),
    "taxes": (
        ["tax_regime"],
        "Participants pay no corporate income tax, VAT, property or land tax on IT revenue, and "
        "their staff no personal income tax, until 2029.",
        "Участники не платят корпоративный подоходный налог, НДС, налог на имущество и на землю "
        "с IT-выручки, а их сотрудники — индивидуальный подоходный налог, до 2029 года.",
    ),
    "legal_uncertainty": (
        ["jurisdiction"],
        "Your contracts can be under English law, heard by an independent common-law court and "
        "arbitration centre whose judges come from common-law countries.",
        "Ваши договоры могут быть по английскому праву, а споры рассматривают независимые суд и "
        "арбитражный центр с судьями из стран общего права.",
    ),
    "internet": (
        ["workspace"],
        "The hub's offices have redundant fibre links and backup power, so your team works "
        "without interruptions from the first day.",
        "В офисах хаба резервированные оптоволоконные каналы и резервное питание: команда "
        "работает без перебоев с первого дня.",
    ),
    "timing": (
        ["visa_support", "workspace"],
        "When the time comes, the move is quick: visas in about ten days and desks ready on "
        "arrival. We can prepare the paperwork now so you can decide later.",
        "Когда придёт время, переезд будет быстрым: визы примерно за десять дней и рабочие места "
        "в день приезда. Документы можно подготовить уже сейчас, а решение принять позже.",
    ),
    "no_plan": (
        ["workspace", "community"],
        "You need not move the whole company: a small team or a branch can start in a free "
        "workspace and meet clients through the community.",
        "Не обязательно переезжать всей компанией: небольшая команда или филиал может начать в "
        "бесплатном офисе и знакомиться с клиентами через сообщество.",
    ),
    "already_moved": (
        ["tax_regime", "jurisdiction"],
        "A branch in the hub adds a tax-free base and English-law contracts to where you are "
        "now, without moving anyone.",
        "Филиал в хабе добавит к вашему нынешнему месту базу без налогов и договоры по "
        "английскому праву — без переезда сотрудников.",
    ),
}


def seed_answers(Objection: Any, Benefit: Any, ObjectionAnswer: Any) -> None:
    """One answer per default objection that has none yet, linked to the benefits by kind."""
    for code, (kinds, en, ru) in ANSWERS.items():
        objection = Objection.objects.filter(code=code).first()
        if objection is None or ObjectionAnswer.objects.filter(objection=objection).exists():
            continue
        answer = ObjectionAnswer.objects.create(objection=objection, argument_en=en, argument_ru=ru)
        answer.benefits.set(Benefit.objects.filter(kind__in=kinds))
