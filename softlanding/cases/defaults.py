"""The starting visa step templates per visa type and the company checklist.

Migration 0003 creates them once; staff edit them afterwards. Tests that flush the database
(transactional ones) call ``seed_templates`` again.
"""

from __future__ import annotations

from typing import Any

KINDS = [
    "documents_gathered",
    "submitted",
    "biometrics",
    "issued",
    "entered",
    "registered",
    "started_work",
]

VISA_TYPES = [
    # code, English, Russian, planned days after opening for each step in KINDS
    ("work_visa", "Work visa (D)", "Рабочая виза (D)", [0, 14, 21, 45, 60, 67, 70]),
    ("it_visa", "IT specialist visa", "Виза для IT-специалистов", [0, 7, 14, 30, 40, 47, 50]),
    ("residence_permit", "Residence permit", "Вид на жительство", [0, 21, 28, 75, 90, 97, 100]),
]

COMPANY_STEPS = [
    # code, English, Russian, for kind ("" = every case), days after opening
    ("legal_entity", "Register the legal entity", "Регистрация юридического лица", "company", 30),
    ("employer", "Register as an employer", "Регистрация в качестве работодателя", "company", 35),
    ("bank_account", "Open a bank account", "Открытие банковского счёта", "", 40),
    ("tax_regime", "Tax-regime registration", "Регистрация в налоговом режиме", "", 45),
    ("workspace", "Move into the workspace", "Заезд в рабочее пространство", "", 60),
]


def seed_templates(visa_type_model: Any, step_model: Any, company_model: Any) -> None:
    for position, (code, name_en, name_ru, offsets) in enumerate(VISA_TYPES):
        visa_type, _ = visa_type_model.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_ru": name_ru, "position": position}
        )
        for step_position, (kind, offset) in enumerate(zip(KINDS, offsets, strict=True)):
            step_model.objects.get_or_create(
                visa_type=visa_type,
                kind=kind,
                defaults={
                    "position": step_position,
                    "offset_days": offset,
                    "for_family": kind != "started_work",
                },
            )
    for position, (code, label_en, label_ru, kind, offset) in enumerate(COMPANY_STEPS):
        company_model.objects.get_or_create(
            code=code,
            defaults={
                "label_en": label_en,
                "label_ru": label_ru,
                "for_kind": kind,
                "offset_days": offset,
                "position": position,
            },
        )
