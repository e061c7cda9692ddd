"""An offer PDF, whole, against WeasyPrint alone on the same HTML (target: p95 ≤ 2 s).

    python bench/offer_pdf.py [--offers 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_offers python bench/offer_pdf.py

Migrates a scratch database (SQLite in a temporary folder unless DATABASE_URL is given), which
seeds the catalogue, the rivals and the answers to objections; opens one opportunity of a
Belarusian company that raised three objections ("local market does not appeal", taxes, legal
uncertainty). Then, ``--offers`` times each (after one warm-up), it times:

- ``offer``: ``services.build_offer`` — the whole offer: the snapshot read from the database,
  the HTML from the template in Russian, the PDF, the file written to private storage and the
  version row;
- ``weasyprint``: the reference, ``weasyprint.HTML(string=html).write_pdf`` on the same HTML with
  the same stylesheet, so the difference is what the offer adds around the library;
- ``html``: the template alone.

Prints p50/p95 in ms and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="softlanding-bench-offers-")
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
os.environ.setdefault("SOFTLANDING_DATA_DIR", SCRATCH)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from outreach import percentile  # noqa: E402  (after the environment above)

TARGET_MS = 2000.0


def timed(action: Callable[[], Any], times: int) -> list[float]:
    action()  # warm-up: fonts, templates, translations
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--offers", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from softlanding.accounts.enums import UserKind
    from softlanding.accounts.models import User
    from softlanding.offers import services
    from softlanding.outreach import services as outreach
    from softlanding.outreach.models import Campaign, Objection
    from softlanding.prospects.models import Organization

    scout, _ = User.objects.get_or_create(
        email="bench-scout@example.org", defaults={"kind": UserKind.STAFF}
    )
    organization, _ = Organization.objects.get_or_create(
        name="IdeaSoft", defaults={"country": "BY", "legal_form": "LLC"}
    )
    campaign, _ = Campaign.objects.get_or_create(name="Offer bench")
    opportunity = campaign.opportunities.filter(organization=organization).first()
    if opportunity is None:
        opportunity = outreach.open_opportunity(campaign, by=scout, organization=organization)
        outreach.log_activity(
            by=scout,
            kind="call",
            opportunity=opportunity,
            objections=[
                outreach.ObjectionHeard(Objection.objects.get(code=code), note="heard on a call")
                for code in ("local_market", "taxes", "legal_uncertainty")
            ],
        )

    content = services.offer_content(opportunity, language="ru")
    html = services.render_pdf_html("offers/pdf/offer.html", {"offer": content}, language="ru")
    pdf = services.html_to_pdf(html)
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    stylesheet = CSS(string=services.pdf_stylesheet())

    results = {
        "offer": timed(
            lambda: services.build_offer(opportunity=opportunity, by=scout, language="ru"),
            args.offers,
        ),
        "weasyprint": timed(
            lambda: HTML(string=html).write_pdf(stylesheets=[stylesheet]), args.offers
        ),
        "html": timed(
            lambda: services.render_pdf_html(
                "offers/pdf/offer.html",
                {"offer": services.offer_content(opportunity, language="ru")},
                language="ru",
            ),
            args.offers,
        ),
    }
    print(
        f"offer PDF: {len(pdf) / 1024:.0f} KiB, {len(content['answers'])} answers, "
        f"{len(content['benefits'])} benefits, {len(content['comparison']['rivals'])} rivals; "
        f"{args.offers} runs each on {os.environ.get('DATABASE_URL', 'SQLite')}"
    )
    print(f"{'':12} {'p50 ms':>9} {'p95 ms':>9}")
    summary: dict[str, Any] = {}
    for name, samples in results.items():
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        summary[name] = {"p50": round(p50, 1), "p95": round(p95, 1)}
        print(f"{name:12} {p50:9.1f} {p95:9.1f}")
    verdict = "met" if summary["offer"]["p95"] <= TARGET_MS else "MISSED"
    print(f"target: offer p95 ≤ {TARGET_MS:.0f} ms — {verdict}; reference: weasyprint alone")
    print(json.dumps({"bench": "offer_pdf", "target_ms": TARGET_MS, **summary}))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
