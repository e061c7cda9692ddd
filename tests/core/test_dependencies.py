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


def imports_of(app: str, forbidden: tuple[str, ...]) -> set[str]:
    """``file: module`` for each import of a ``forbidden`` app in ``app``'s modules."""
    folder = Path(softlanding.__file__).parent / app
    return {
        f"{path.relative_to(folder)}: {name}"
        for path in folder.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[:2] in [["softlanding", other] for other in forbidden]
    }


def test_core_imports_none_of_the_parts_above_outreach() -> None:
    assert not imports_of("core", ABOVE_OUTREACH)


def test_prospects_imports_none_of_the_parts_built_on_it() -> None:
    # The parts above register what prospects shows, filters or erases of theirs (core.panels,
    # core.list_filters, core.personal_data); prospects never reaches up to them.
    assert not imports_of("prospects", ("outreach", *ABOVE_OUTREACH))
