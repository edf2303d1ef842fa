"""Typed model of the graph schema, read once from ``objects.yaml`` and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from crmarena.files import load_yaml

PROPERTY_TYPES = ("STRING", "INTEGER", "FLOAT", "BOOLEAN", "DATE", "DATETIME")
ORG_KINDS = ("b2c", "b2b")     # person accounts (CRMArena's service org) / companies (CRMArena-Pro's B2B org)
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")
_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    sf: str
    index: bool = False
    doc: str = ""
    values: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ORG_KINDS   # the org kinds whose tables hold this property

    def of_kind(self, kind: str | None) -> bool:
        return kind is None or kind in self.kinds


@dataclass(frozen=True)
class Relationship:
    """``(source)-[:type]->(target)``, stored in the source's Parquet table as ``column``."""

    source: str
    type: str
    target: str
    column: str
    sf: str
    doc: str = ""


@dataclass(frozen=True)
class FulltextIndex:
    name: str
    label: str
    properties: tuple[str, ...]


@dataclass(frozen=True)
class NodeType:
    label: str
    sf: str
    id_prefix: str
    doc: str
    properties: tuple[Property, ...]
    relationships: tuple[Relationship, ...] = ()
    fulltext: tuple[FulltextIndex, ...] = ()

    def property(self, name: str) -> Property:
        for p in self.properties:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")

    def properties_of(self, kind: str | None) -> tuple[Property, ...]:
        """The properties a ``kind`` org's table holds (``None``: every kind's, what the stores hold)."""
        return tuple(p for p in self.properties if p.of_kind(kind))

    def values(self, name: str) -> tuple[str, ...]:
        """The allowed values (picklist) of STRING property ``name``; KeyError when it has none."""
        allowed = self.property(name).values
        if not allowed:
            raise KeyError(f"{self.label}.{name} has no list of allowed values")
        return allowed


@dataclass(frozen=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    _by_label: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._by_label.update({n.label: n for n in self.nodes})

    def node(self, label: str) -> NodeType:
        try:
            return self._by_label[label]
        except KeyError:
            raise KeyError(f"no object {label!r}; known: {', '.join(self.labels)}") from None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(n.label for n in self.nodes)

    @property
    def relationships(self) -> tuple[Relationship, ...]:
        return tuple(r for n in self.nodes for r in n.relationships)

    @property
    def relationship_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.type for r in self.relationships))

    @property
    def fulltext_indexes(self) -> tuple[FulltextIndex, ...]:
        return tuple(f for n in self.nodes for f in n.fulltext)


def _node(raw: dict) -> NodeType:
    label = raw["label"]
    props = tuple(Property(**{**p, "values": tuple(str(v) for v in p.get("values") or ()),
                               "kinds": tuple(p.get("kinds") or ORG_KINDS)})
                  for p in raw.get("properties") or ())
    rels = tuple(Relationship(source=label, target=r.pop("to"), **r)
                 for r in (dict(r) for r in raw.get("relationships") or ()))
    fts = tuple(FulltextIndex(name=f["name"], label=label, properties=tuple(f["properties"]))
                for f in raw.get("fulltext") or ())
    return NodeType(label=label, sf=raw["sf"], id_prefix=str(raw["id_prefix"]), doc=raw.get("doc", ""),
                    properties=props, relationships=rels, fulltext=fts)


def validate(schema: GraphSchema) -> None:
    """Raise ValueError on any naming, typing or reference error in the schema."""
    errors = []
    labels = set(schema.labels)
    if len(labels) != len(schema.nodes):
        errors.append("duplicate labels")
    for n in schema.nodes:
        if not _PASCAL.match(n.label):
            errors.append(f"label {n.label} is not PascalCase")
        if len(n.id_prefix) != 3:
            errors.append(f"{n.label}: id prefix {n.id_prefix!r} is not 3 characters")
        names = [p.name for p in n.properties]
        if len(set(names)) != len(names) or "id" in names:
            errors.append(f"{n.label}: duplicate or reserved property names")
        for p in n.properties:
            if not _CAMEL.match(p.name):
                errors.append(f"{n.label}.{p.name} is not camelCase")
            if p.type not in PROPERTY_TYPES:
                errors.append(f"{n.label}.{p.name} has unknown type {p.type}")
            if not p.kinds or set(p.kinds) - set(ORG_KINDS):
                errors.append(f"{n.label}.{p.name}: kinds must name some of {', '.join(ORG_KINDS)}")
            if p.values and (p.type != "STRING" or len(set(p.values)) != len(p.values)):
                errors.append(f"{n.label}.{p.name}: allowed values need a STRING property, each once")
        for r in n.relationships:
            if not _UPPER_SNAKE.match(r.type):
                errors.append(f"{n.label}-[:{r.type}] is not UPPER_SNAKE")
            if r.target not in labels:
                errors.append(f"{n.label}-[:{r.type}]->{r.target}: unknown target")
            if r.column in names or not _CAMEL.match(r.column):
                errors.append(f"{n.label}: bad foreign-key column {r.column}")
        for f in n.fulltext:
            for p in f.properties:
                if p not in names or n.property(p).type != "STRING":
                    errors.append(f"full-text {f.name}: {n.label}.{p} is not a STRING property")
    if errors:
        raise ValueError("invalid graph schema: " + "; ".join(errors))


@lru_cache(maxsize=1)
def load_schema() -> GraphSchema:
    """The project's graph schema (cached; immutable)."""
    text = resources.files("crmarena.graph_schema").joinpath("objects.yaml").read_text()
    schema = GraphSchema(nodes=tuple(_node(o) for o in load_yaml(text)["objects"]))
    validate(schema)
    return schema
