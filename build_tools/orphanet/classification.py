"""One classification graph over an Orphanet release: the tops of the classifications and the ancestors of each entity.

Every list of «diagnosis groups» on the site (/grupper/, the course filters, the coverage map) asks
this graph, so they cannot disagree.
"""

from __future__ import annotations

import functools

from build_tools.orphanet.model import Level, OrphaCode, OrphaData


def graph_of(orpha: OrphaData) -> ClassificationGraph:
    """The graph of a release, built once per release (its answers are memoised) and kept with it."""
    graph = orpha.derived.get("graph")
    if not isinstance(graph, ClassificationGraph):
        graph = orpha.derived["graph"] = ClassificationGraph(orpha)
    return graph


class ClassificationGraph:
    def __init__(self, orpha: OrphaData):
        self.orpha = orpha

    @functools.cached_property
    def members(self) -> dict[OrphaCode, list[OrphaCode]]:
        """Group → its active children (direct), sorted."""
        members: dict[OrphaCode, set[OrphaCode]] = {}
        for entity in self.orpha.entities.values():
            if not entity.active:
                continue
            for parent in entity.parents:
                p = self.orpha.get(parent)
                if p is not None and p.active:
                    members.setdefault(parent, set()).add(entity.code)
        return {code: sorted(children) for code, children in members.items()}

    @functools.cached_property
    def tops(self) -> frozenset[OrphaCode]:
        """The tops of Orphanet's classifications, and the parentless active groups of those not bundled
        (rare genetic, neurologic and developmental disease have no product3 file in the snapshot)."""
        orpha = self.orpha
        tops = {code for c in orpha.classifications for code in c.roots}
        tops |= {
            e.code for e in orpha.active()
            if e.level is Level.GROUP and not any((p := orpha.get(parent)) is not None and p.active for parent in e.parents)
        }
        return frozenset(tops)

    @functools.cached_property
    def active_tops(self) -> frozenset[OrphaCode]:
        return frozenset(t for t in self.tops if (e := self.orpha.get(t)) is not None and e.active)

    def ancestors(self, code: OrphaCode, active_only: bool = True) -> set[OrphaCode]:
        """Every group above `code`, transitively (only through active entities when `active_only`)."""
        return set(self._ancestors(code, active_only))

    @functools.cache  # noqa: B019 - one graph per Orphanet release, kept as long as it is
    def _ancestors(self, code: OrphaCode, active_only: bool) -> frozenset[OrphaCode]:
        out: set[OrphaCode] = set()
        todo = [code]
        while todo:
            entity = self.orpha.get(todo.pop())
            for parent in entity.parents if entity is not None else ():
                p = self.orpha.get(parent)
                if parent in out or parent == code or (active_only and (p is None or not p.active)):
                    continue
                out.add(parent)
                todo.append(parent)
        return frozenset(out)

    @functools.cache  # noqa: B019 - one graph per Orphanet release, kept as long as it is
    def descendants(self, code: OrphaCode) -> frozenset[OrphaCode]:
        """Every active entity below `code`, transitively: the members of a group, the subtypes of a disorder."""
        out: set[OrphaCode] = set()
        todo = [code]
        while todo:
            for child in self.members.get(todo.pop(), ()):
                if child not in out and child != code:
                    out.add(child)
                    todo.append(child)
        return frozenset(out)

    @functools.cache  # noqa: B019 - one graph per Orphanet release, kept as long as it is
    def path_from_top(self, code: OrphaCode) -> tuple[OrphaCode, ...]:
        """The shortest chain of active entities from a classification top down to `code` (itself last).

        Orphanet's classification is a polyhierarchy: ties between chains of the same length are
        broken in one fixed order (parents by code), so every build gives the same answer."""
        came_from: dict[OrphaCode, OrphaCode | None] = {code: None}
        level = [code]
        while level:
            for c in level:  # the first entity of the nearest level that is a top, or has no active parent
                if c in self.active_tops or not self.active_parents(c):
                    chain = [c]
                    while (below := came_from[chain[-1]]) is not None:
                        chain.append(below)
                    return tuple(chain)
            upper: list[OrphaCode] = []
            for c in level:
                for p in self.active_parents(c):
                    if p not in came_from:
                        came_from[p] = c
                        upper.append(p)
            level = upper
        return (code,)  # only reached through a cycle of parents

    def active_parents(self, code: OrphaCode) -> list[OrphaCode]:
        """The active entities `code` sits directly under (groups, or the disorder of a subtype), by code."""
        entity = self.orpha.get(code)
        return sorted(p for p in (entity.parents if entity is not None else ()) if (e := self.orpha.get(p)) is not None and e.active)

    def tops_above(self, code: OrphaCode) -> set[OrphaCode]:
        """The classification tops `code` belongs to (itself included when it is one)."""
        return ({code} | self.ancestors(code, active_only=False)) & self.active_tops
