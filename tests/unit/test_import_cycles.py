"""No import circles inside villagedesk, at module level or inside a function (a lazy import that only
hides a circle is one too). ``if TYPE_CHECKING:`` imports are annotations and do not count, as in the
import-linter contracts of pyproject.toml. Broken by moving what two modules shared down a level:
server/http_io.py (once app.py's helpers), sync/progress.py (once engine.Progress); services modules that
``Desk.open`` runs name ``Desk`` for annotations only."""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative: no recursion limit)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(set(graph.find_modules_directly_imported_by(m)) & set(modules)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _why(graph: grimp.ImportGraph, group: list[str]) -> list[str]:
    lines = []
    for a in group:
        for b in group:
            for d in graph.get_import_details(importer=a, imported=b):
                lines.append(f"{a} -> {b} (line {d['line_number']})")
    return lines


def test_the_finder_sees_a_circle() -> None:
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert _circles(graph) == [["p.a", "p.b"]]


def test_villagedesk_has_no_import_circles() -> None:
    graph = grimp.build_graph("villagedesk", exclude_type_checking_imports=True)
    circles = _circles(graph)
    assert not circles, "import circles:\n" + "\n".join(line for g in circles for line in _why(graph, g))
