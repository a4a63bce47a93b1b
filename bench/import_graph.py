"""The import graph of datapulse/ in layers, and two call chains through it.

`python bench/import_graph.py` prints each layer (top first) with the units it holds and
the units each one imports, the imports that still break the layering (with who removes
them), and the chains of an upload to its `file_update` and of a chat message to its
SSE stream and `agent_update`. Everything is read from the source, nothing imported:
the layer table and the parser are tests/test_layers.py's; the chains are kept by hand
below and `check_chains()` (run by that test too) fails when one no longer matches the
code: a function gone, a step its caller no longer names, or a package entered twice.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent

# Each line: `module:qualified.name`, indented under its caller, with an optional
# `# via ...` for a call made indirectly (a pool, a protocol, a callback): the caller's
# source need not name it. Module names are relative to `datapulse`.
UPLOAD_TO_FILE_UPDATE = """
api.files:upload
  files.uploads:UploadStore.receive
    files.uploads:UploadStore._parts
      files.multipart:MultipartReader.feed
      files.uploads:UploadStore._start_part
        data.naming:display_name
    data.readers:check_content
    files.uploads:UploadStore._land
      files.jobs:derive
        files.jobs:_derive
          files.jobs:profile_source
            data.readers:open_source
            data.profile:profile_relation
      files.uploads:UploadStore._commit
        catalog.names:claim_table_name
        storage.models:StoredFile
        files.info:FileInfo.of
      files.info:announce
        events:FileUpdate
        bus.base:emit
"""

CHAT_MESSAGE_TO_SSE_AND_AGENT_UPDATE = """
api.chat:post_message
  chat.service:ChatService.ask
    chat.conversations:new_run
    chat.store:EventStore.create_runs
    chat.service:ChatService._submit
      chat.executor:RunExecutor.submit
        chat.executor:RunExecutor._run_safely  # via the executor's thread pool
          chat.executor:RunExecutor._execute
            chat.executor:RunExecutor._analyse  # inside the run's QueryScope
              chat.executor:RunExecutor._tables
                catalog.tables:resolve_tables
              agents.engine:analyse
              chat.sink:StoredRunSink.agent  # via agents.contract.RunSink, the sink the engine reports to
                events:AgentUpdate
                chat.store:EventStore.record
                  chat.store:EventStore.append
                    chat.store:EventStore._stored  # via the group-commit writer, once the batch is committed
                      events:bus_copy
                    chat.store:EventStore._committed  # via the group-commit writer, on the hub's thread
                      bus.base:emit
  api.chat:_sse
    chat.sse:stream_run
      chat.store:EventStore.events_after
      chat.sse:format_event
"""

CHAINS = {
    "upload → file_update": UPLOAD_TO_FILE_UPDATE,
    "chat message → SSE and agent_update": CHAT_MESSAGE_TO_SSE_AND_AGENT_UPDATE,
}


class Step:
    def __init__(self, line: str) -> None:
        text, _, self.via = line.partition("#")
        self.depth = (len(line) - len(line.lstrip())) // 2
        self.module, _, self.qualname = text.strip().partition(":")
        self.via = self.via.strip()

    @property
    def unit(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"datapulse.{self.module}:{self.qualname}"


def parse_chain(text: str) -> list[Step]:
    return [Step(line) for line in text.splitlines() if line.strip()]


def _definitions(module: str) -> dict[str, ast.AST]:
    """qualified name → its def or class node, for one module of datapulse."""
    base = ROOT / "datapulse" / Path(*module.split("."))
    path = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
    if not path.is_file():
        return {}
    found: dict[str, ast.AST] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found[prefix + child.name] = child
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def _names_used(node: ast.AST) -> set[str]:
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            names.add(child.id)
        elif isinstance(child, ast.Attribute):
            names.add(child.attr)
    return names


def check_chains() -> list[str]:
    """What no longer matches the code, one sentence each (empty when all holds)."""
    problems: list[str] = []
    for title, text in CHAINS.items():
        steps = parse_chain(text)
        nodes = {}
        for step in steps:
            node = _definitions(step.module).get(step.qualname)
            if node is None:
                problems.append(f"{title}: {step} is not defined")
            nodes[id(step)] = node
        path: list[Step] = []
        for step in steps:
            del path[step.depth :]
            caller = path[-1] if path else None
            if caller is not None and not step.via and nodes[id(caller)] is not None:
                wanted = {step.qualname.split(".")[-1], step.qualname.split(".")[0]}
                if not wanted & _names_used(nodes[id(caller)]):  # type: ignore[arg-type]
                    problems.append(f"{title}: {caller} does not call {step}")
            path.append(step)
            units = [s.unit for s in path]
            runs = [u for i, u in enumerate(units) if i == 0 or units[i - 1] != u]
            if len(runs) != len(set(runs)):
                problems.append(f"{title}: {step} enters a package twice ({' → '.join(runs)})")
    return problems


def _load_layers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("test_layers", ROOT / "tests" / "test_layers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    layers = _load_layers()
    units: dict[str, set[str]] = defaultdict(set)
    for module, target in layers.edges_across_units():
        units[layers.unit_of(module)].add(layers.unit_of(target))
    by_layer: dict[int, list[str]] = defaultdict(list)
    for unit, level in layers.LAYERS.items():
        by_layer[level].append(unit)
    print("Layers of datapulse/ (top first); each unit with the units it imports:")
    for level in sorted(by_layer, reverse=True):
        print(f"  {level}:")
        for unit in sorted(by_layer[level]):
            deps = ", ".join(sorted(units.get(unit, set()), key=lambda u: (-layers.LAYERS.get(u, 99), u)))
            present = any(layers.unit_of(m) == unit for m in layers.import_graph())
            print(f"      {unit:<12} → {deps or '-'}" + ("" if present else "   (no such unit yet)"))
    bad = layers.violations()
    new, known = len(bad - layers.KNOWN), len(bad & layers.KNOWN)
    print(f"\nImports pointing up or into api/ from outside: {new} new, {known} known")
    for module, target in sorted(bad):
        print(f"  {'known' if (module, target) in layers.KNOWN else 'NEW  '}  {module} → {target}")
    for title, text in CHAINS.items():
        print(f"\n{title}:")
        for step in parse_chain(text):
            print(f"  {'  ' * step.depth}{step}" + (f"   ({step.via})" if step.via else ""))
    problems = check_chains()
    for problem in problems:
        print(f"MISMATCH: {problem}", file=sys.stderr)
    return 1 if problems or bad - layers.KNOWN else 0


if __name__ == "__main__":
    sys.exit(main())
