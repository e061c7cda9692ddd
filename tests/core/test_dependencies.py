"""The map in CONTRIBUTING: core imports nothing of the parts above outreach; they register."""

from __future__ import annotations

import ast
from pathlib import Path

import softlanding

ABOVE_OUTREACH = ("radar", "offers", "portal", "cases", "reports")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_none_of_the_parts_above_outreach() -> None:
    core = Path(softlanding.__file__).parent / "core"
    offending = {
        f"{path.relative_to(core)}: {name}"
        for path in core.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[:2] in [["softlanding", app] for app in ABOVE_OUTREACH]
    }
    assert not offending


def test_prospects_imports_none_of_the_parts_built_on_it() -> None:
    # The parts above register what prospects shows or erases of theirs (core.panels,
    # core.personal_data); prospects never reaches up to them.
    prospects = Path(softlanding.__file__).parent / "prospects"
    above = ("outreach", *ABOVE_OUTREACH)
    offending = {
        f"{path.relative_to(prospects)}: {name}"
        for path in prospects.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[:2] in [["softlanding", app] for app in above]
    }
    assert not offending
