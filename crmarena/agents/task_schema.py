"""The schema text sized to a task (``--schema task``): only what the task's gold query touches.

The gold template of a task (``crmarena.queries`` task classes, ``Task.cypher``) names the labels
in its node patterns, the relationship types in its relationship patterns and the properties it
reads as ``variable.property``. ``task_schema_text`` renders, from ``graph_schema``, just those
labels (with ``id`` and the properties read on them), the relationships of those types between
them, and a note that the rest of the schema exists. Tasks whose gold answer needs full-text
search (knowledge QA) keep the labels the search indexes cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crmarena.graph_schema import load_schema

_NODE_RE = re.compile(r"\(\s*(\w*)\s*:\s*`?(\w+)`?")
_REL_RE = re.compile(r"\[\s*\w*\s*:\s*`?(\w+)`?")
_PROP_RE = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
SEARCH_LABELS = ("KnowledgeArticle", "Product")    # the full-text indexes' labels (tools/general.py)


@dataclass(frozen=True)
class Footprint:
    labels: frozenset[str]
    relationships: frozenset[str]
    properties: dict[str, frozenset[str]]          # label -> properties read on it


def footprint(cypher: str) -> Footprint:
    """The labels, relationship types and per-label properties a Cypher text touches (schema names only)."""
    schema = load_schema()
    known_labels = {n.label for n in schema.nodes}
    known_types = {r.type for r in schema.relationships}
    var_label: dict[str, str] = {}
    labels: set[str] = set()
    for var, label in _NODE_RE.findall(cypher):
        if label in known_labels:
            labels.add(label)
            if var:
                var_label[var] = label
    rels = {t for t in _REL_RE.findall(cypher) if t in known_types}
    props: dict[str, set[str]] = {}
    for var, prop in _PROP_RE.findall(cypher):
        if var in var_label:
            props.setdefault(var_label[var], set()).add(prop)
    return Footprint(frozenset(labels), frozenset(rels), {k: frozenset(v) for k, v in props.items()})


@lru_cache(maxsize=None)
def task_footprint(task: str) -> Footprint | None:
    """The footprint of a task's gold template; None for a task crmarena does not know."""
    from crmarena.tasks.registry import FAMILIES, get_task

    if task not in FAMILIES:
        return None
    fp = footprint(get_task(task).cypher)
    if not fp.labels:        # answered by search, not by a graph pattern
        fp = Footprint(frozenset(SEARCH_LABELS), fp.relationships, {})
    return fp


def task_schema_text(task: str) -> str | None:
    """The agent schema text restricted to the task's footprint, or None (use the full schema)."""
    fp = task_footprint(task)
    if fp is None:
        return None
    schema = load_schema()
    lines = ["Node labels and properties (only those this task needs):"]
    for n in schema.nodes:
        if n.label not in fp.labels:
            continue
        used = fp.properties.get(n.label, frozenset())
        props = ", ".join(["id: STRING"] + [f"{p.name}: {p.type}" for p in n.properties
                                            if p.name in used or not fp.properties])
        lines.append(f"- {n.label} {{{props}}} -- {n.doc}")
    lines.append("Relationships:")
    for r in schema.relationships:
        if r.type in fp.relationships and r.source in fp.labels and r.target in fp.labels:
            lines.append(f"- (:{r.source})-[:{r.type}]->(:{r.target})")
    others = len(schema.nodes) - len(fp.labels)
    lines.append(f"(The graph has {others} more labels and more properties; they are not needed for this task.)")
    return "\n".join(lines)
