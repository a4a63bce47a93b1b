"""The package layering of datapulse/, read from the source (ast) without importing it.

Every import points down the table below, so a newcomer can follow an upload or a chat
message from the API through each package once, and a package can be changed knowing
that nothing beneath it depends on it. bench/import_graph.py draws the same graph.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "datapulse"

# The layer of each top-level unit of datapulse/ (a package or a module). Lower layers
# never import higher ones, and two units of the same layer never import each other.
# From the bottom:
#   0    the vocabulary every package speaks;
#   1-4  the foundations: helpers that import nothing of ours (leases, the names the
#        processes share), then the records (storage: models, database, migrations), the
#        event transport and the metrics both servers share, then the gevent runtime
#        (it hands calls, bus publishes among them, to the hub), then the data itself
#        (DuckDB reading, profiling, querying, offloaded through the runtime; it opens no
#        database session: test_data_opens_no_database_session);
#   5    the engine (agents) and the catalog (table names and readable tables: it opens
#        sessions on storage and answers with data's relations);
#   6    one service per resource, called by the API;
#   7    the servers and their supervision: the HTTP API, the WebSocket server, the
#        launcher (process supervision and its control socket);
#   8    operations on a whole installation (backup, restore, cleanup, deploy), which
#        drive the launcher and the database;
#   9    the command lines (`datapulse.cli`, `config.py --check`), and above them
#        `python -m datapulse`.
# A new package must be placed here (test_every_unit_has_a_layer).
LAYERS: dict[str, int] = {
    "settings": 0,
    "errors": 0,
    "events": 0,
    "text": 0,  # display-text cleaning: pure functions of a string
    "oslocks": 0,  # the OS's threading primitives under gevent: storage's pool and the runtime share them
    "hosts": 1,  # which Host and Origin are the platform's own: settings only, used by api and realtime
    "lease": 1,
    "processes": 1,
    "storage": 2,
    "bus": 2,
    "metrics": 2,
    "auth": 2.5,  # users, sign-in, and who may see what (SPEC 11): on storage, scopes its sessions
    "runtime": 3,
    "sqlsource": 3.5,  # sql sources' databases: the allowlist, live sources' read-only SQL (sqlglot)
    "data": 4,
    "agents": 5,
    "catalog": 5,
    "audit": 5,  # the audit log's records and queries: written by the API and the users service
    "files": 6,
    "datasources": 6,
    "chat": 6,
    "assistants": 6,  # templates and assistants (SPEC 12)
    "plugins": 6.5,  # the plugin registry and its engine: above assistants and datasources (their address guard)
    "userdata": 6.8,  # a deleted user's data, given away or deleted: over files, datasources and auth
    "api": 7,
    "realtime": 7,
    "launcher": 7,
    "ops": 8,
    "cli": 9,
    "cli_config": 9,
    "__main__": 10,  # `python -m datapulse`: only calls the command line
}

# Imports that break the layering today and are being removed elsewhere, as
# (importing module, imported module). An entry that no longer occurs fails
# test_known_violations_still_occur: delete it then, so the list cannot rot.
KNOWN: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts if path.is_relative_to(ROOT) else (path.stem,)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str) -> str:
    """`datapulse.a.b.c` → the longest prefix that is a module or package of ours (an
    imported name such as a class is not a module)."""
    parts = name.split(".")
    while len(parts) > 1:
        base = ROOT.joinpath(*parts)
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    return name


def imports_of(path: Path) -> set[str]:
    """Every datapulse module `path` imports: at the top, inside functions, under
    TYPE_CHECKING, relative, or by `importlib.import_module("<literal>")`."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package[: len(package) - node.level + 1]
                base = ".".join([*prefix, base] if base else prefix)
            names = [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == "import_module" and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found.update(_resolve(n) for n in names if n == "datapulse" or n.startswith("datapulse."))
    return found


def unit_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def import_graph() -> dict[str, set[str]]:
    """module → the datapulse modules it imports, for every module under datapulse/."""
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def edges_across_units() -> set[tuple[str, str]]:
    return {(m, t) for m, targets in import_graph().items() for t in targets if unit_of(t) not in ("", unit_of(m))}


def violations() -> set[tuple[str, str]]:
    """Imports that point up or sideways, or from outside the API into it."""
    bad = set()
    for module, target in edges_across_units():
        here, there = unit_of(module), unit_of(target)
        if there == "api" or LAYERS.get(there, 99) >= LAYERS.get(here, -1):
            bad.add((module, target))
    return bad


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "bench" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_unit_has_a_layer() -> None:
    """A new package (or top-level module) must be placed in LAYERS."""
    units = {unit_of(m) for m in import_graph()} - {""}
    assert units - set(LAYERS) == set()


def test_imports_point_down() -> None:
    """No import points up a layer or sideways, and none reaches into the API from outside."""
    assert sorted(violations() - KNOWN) == []


def test_known_violations_still_occur() -> None:
    """An entry of KNOWN that was fixed must leave the list."""
    assert sorted(KNOWN - violations()) == []


def test_no_two_packages_import_each_other() -> None:
    """No two units import each other (the KNOWN exceptions aside)."""
    pairs = {(unit_of(m), unit_of(t)) for m, t in edges_across_units() - KNOWN}
    assert sorted((a, b) for a, b in pairs if (b, a) in pairs and a < b) == []


def test_data_opens_no_database_session() -> None:
    """data/ reads datasets with DuckDB; the rows of the metadata database (storage/, the
    catalog, SQLAlchemy) are not its business, although storage sits below it."""
    for path in (PACKAGE / "data").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        modules += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in modules if m.split(".")[0] == "sqlalchemy"], path
        assert not [m for m in imports_of(path) if unit_of(m) in ("storage", "catalog")], path


def test_layers_catch_an_upward_import(tmp_path: Path) -> None:
    """The parser sees an import inside a function and a relative one."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from datapulse.api.files import bp\n    import datapulse.storage.models\n")
    assert imports_of(source) == {"datapulse.api.files", "datapulse.storage.models"}


def test_call_chains_name_real_functions() -> None:
    """The call chains that bench/import_graph.py prints still match the code."""
    bench = load_bench()
    assert bench.check_chains() == []


def test_call_chain_check_sees_a_broken_step() -> None:
    """A step that is gone, one its caller never names, and a package entered twice."""
    bench = load_bench()
    bench.CHAINS = {"x": "api.files:upload\n  files.uploads:nowhere\n  chat.sse:stream_run\n    api.chat:_sse\n"}
    assert bench.check_chains() == [
        "x: datapulse.files.uploads:nowhere is not defined",
        "x: datapulse.api.files:upload does not call datapulse.files.uploads:nowhere",
        "x: datapulse.api.files:upload does not call datapulse.chat.sse:stream_run",
        "x: datapulse.chat.sse:stream_run does not call datapulse.api.chat:_sse",
        "x: datapulse.api.chat:_sse enters a package twice (api → chat → api)",
    ]
