"""What hubs hear, as the starting list of objections and loss reasons, and two e-mail templates
in English and Russian. A migration creates them once; staff edit them afterwards."""

from __future__ import annotations

from typing import Any

OBJECTIONS = [
    (
        "local_market",
        "Local market does not appeal / our clients are abroad",
        "Местный рынок неинтересен / наши клиенты за рубежом",
        False,
    ),
    ("other_destination", "Prefers another destination", "Предпочитают другую страну", True),
    ("family_schooling", "Family and schooling", "Семья и школы для детей", False),
    ("language", "Language", "Язык", False),
    ("taxes", "Taxes", "Налоги", False),
    ("legal_uncertainty", "Legal uncertainty", "Правовая неопределённость", False),
    ("internet", "Internet reliability", "Надёжность интернета", False),
    ("timing", "Timing: not now", "Не время", False),
    ("no_plan", "No plan to move", "Не планируют переезд", False),
    ("already_moved", "Already moved", "Уже переехали", True),
]

TEMPLATES = [
    (
        "First contact",
        "en",
        "{{ organization }} and the hub: a soft landing for your team",
        "Dear {{ first_name }},\n\nI work with the hub's international team. Companies like "
        "{{ organization }} move their teams to us with visas for staff and families, desks from "
        "the first day and a tax regime made for IT.\n\nCould we have a 20-minute call this week?"
        "\n\nBest regards,\n{{ sender_name }}\n{{ sender_email }}",
    ),
    (
        "First contact",
        "ru",
        "{{ organization }} и хаб: мягкая посадка для вашей команды",
        "Здравствуйте, {{ first_name }}!\n\nЯ работаю в международной команде хаба. Компании "
        "вроде {{ organization }} переезжают к нам с визами для сотрудников и их семей, рабочими "
        "местами с первого дня и налоговым режимом для IT.\n\nМожем созвониться на 20 минут на "
        "этой неделе?\n\nС уважением,\n{{ sender_name }}\n{{ sender_email }}",
    ),
    (
        "After our call",
        "en",
        "Following up on our call",
        "Dear {{ first_name }},\n\nThank you for your time today. As promised, here is what the "
        "hub offers {{ organization }}; I have noted your questions and will come back with "
        "answers.\n\nBest regards,\n{{ sender_name }}",
    ),
    (
        "After our call",
        "ru",
        "По итогам нашего звонка",
        "Здравствуйте, {{ first_name }}!\n\nСпасибо за разговор. Как договорились, присылаю, что "
        "хаб предлагает {{ organization }}; ваши вопросы я записал и вернусь с ответами.\n\n"
        "С уважением,\n{{ sender_name }}",
    ),
]


def seed_defaults(Objection: Any, EmailTemplate: Any) -> None:
    """Create the entries missing by code or name; existing ones are left as staff edited them."""
    for position, (code, en, ru, asks) in enumerate(OBJECTIONS):
        Objection.objects.get_or_create(
            code=code,
            defaults={
                "label_en": en,
                "label_ru": ru,
                "asks_destination": asks,
                "position": position,
            },
        )
    for name, language, subject, body in TEMPLATES:
        EmailTemplate.objects.get_or_create(
            name=name, language=language, defaults={"subject": subject, "body": body}
        )
