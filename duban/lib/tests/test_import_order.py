"""The apps import one way: each app may import only the apps below it (docs/architecture.md, "Layers")."""

from __future__ import annotations

import ast
from pathlib import Path

import duban

PACKAGE = Path(duban.__file__).resolve().parent

# Lowest first. An app imports itself and apps of a lower rank, never one of its own rank or above.
RANKS = {
    "testdata": 0,
    "ingest": 0,
    "lib": 0,
    "accounts": 1,
    "plans": 2,
    "tracking": 3,
    "reports": 4,
    "assessment": 5,  # scores from reports' ledger figures and writes its exports with reports' layout
    "ops": 6,
    "api": 7,
    "web": 7,
}


def _imported_apps(path: Path) -> set[str]:
    """The duban apps a module imports, at the top, inside functions or under TYPE_CHECKING alike."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "duban":
                names.update(f"duban.{alias.name}" for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("duban.") and name.count(".") >= 1}


def _modules(app: str) -> list[Path]:
    """The app's own code; its tests may use any app (an accounts test may check tracking's trail)."""
    return [
        path
        for path in sorted((PACKAGE / app).rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.parts
    ]


def _violations() -> list[str]:
    found = []
    for app, rank in RANKS.items():
        for path in _modules(app):
            for other in sorted(_imported_apps(path) - {app}):
                other_rank = RANKS.get(other)
                if other_rank is None:
                    found.append(f"{path.relative_to(PACKAGE)} imports duban.{other}, which has no rank")
                elif other_rank >= rank:
                    found.append(f"{path.relative_to(PACKAGE)} ({app}) imports {other}")
    return found


def test_every_app_has_a_rank():
    apps = {path.parent.name for path in PACKAGE.glob("*/__init__.py")} - {"tests"}
    assert apps == set(RANKS)


def test_no_app_imports_one_of_its_rank_or_above():
    assert _violations() == []


def test_the_scan_sees_imports_inside_functions_and_type_checking_blocks(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from duban.tracking.models import AuditEntry\n"
        "def f():\n    import duban.reports.ledger\n    from duban import plans\n",
        encoding="utf-8",
    )
    assert _imported_apps(module) == {"tracking", "reports", "plans"}
