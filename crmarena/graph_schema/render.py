"""Texts derived from the schema: JSON, Markdown for docs, and the compact text shown to agents."""

from __future__ import annotations

import json

from crmarena.graph_schema.ddl import cypher_script, ddl_statements
from crmarena.graph_schema.model import ORG_KINDS, GraphSchema, load_schema


def to_dict(schema: GraphSchema | None = None) -> dict:
    schema = schema or load_schema()
    return {
        "objects": [
            {
                "label": n.label,
                "salesforce": n.sf,
                "id_prefix": n.id_prefix,
                "doc": n.doc,
                "properties": [{"name": "id", "type": "STRING", "salesforce": "Id", "unique": True}]
                + [{"name": p.name, "type": p.type, "salesforce": p.sf, "indexed": p.index, "doc": p.doc,
                    **({"values": list(p.values)} if p.values else {}),
                    **({"kinds": list(p.kinds)} if len(p.kinds) < len(ORG_KINDS) else {})}
                   for p in n.properties],
                "relationships": [{"type": r.type, "direction": "out", "from": r.source, "to": r.target,
                                   "salesforce": r.sf, "column": r.column, "doc": r.doc}
                                  for r in n.relationships],
                "fulltext": [{"name": f.name, "properties": list(f.properties)} for f in n.fulltext],
            }
            for n in schema.nodes
        ],
        "relationship_types": list(schema.relationship_types),
        "ddl": ddl_statements(schema),
    }


def to_json(schema: GraphSchema | None = None) -> str:
    return json.dumps(to_dict(schema), indent=2)


def to_markdown(schema: GraphSchema | None = None) -> str:
    schema = schema or load_schema()
    out = ["# crmarena graph schema", "",
           "Nodes are the 16 CRMArena objects; relationships point from the referencing object to",
           "the referenced one. Salesforce names are given beside the Neo4j names.", ""]
    for n in schema.nodes:
        out += [f"## `{n.label}` (Salesforce `{n.sf}`, ids `{n.id_prefix}…`)", "", n.doc, "",
                "| property | type | Salesforce | indexed | values |", "|---|---|---|---|---|",
                "| id | STRING | Id | unique | |"]
        out += [f"| {p.name} | {p.type} | {p.sf} | {'yes' if p.index else ''} | {', '.join(p.values)} |"
                for p in n.properties]
        if n.relationships:
            out += ["", "| relationship | Salesforce field |", "|---|---|"]
            out += [f"| `({n.label})-[:{r.type}]->({r.target})` | {r.sf} |" for r in n.relationships]
        if n.fulltext:
            out += [""] + [f"Full-text index `{f.name}` on {', '.join(f.properties)}." for f in n.fulltext]
        out.append("")
    return "\n".join(out)


def to_cypher(schema: GraphSchema | None = None) -> str:
    return cypher_script(schema)


def agent_text(schema: GraphSchema | None = None, salesforce_names: bool = False) -> str:
    """Compact schema for an agent's system prompt: one line per label, then the relationships. A
    property only one org kind holds is marked with it (``name: STRING (b2b only)``)."""
    schema = schema or load_schema()
    lines = ["Node labels and properties:"]
    for n in schema.nodes:
        props = ", ".join(["id: STRING"] + [f"{p.name}: {p.type}" + (f" ({', '.join(p.kinds)} only)"
                                                                      if len(p.kinds) < len(ORG_KINDS) else "")
                                            for p in n.properties])
        sf = f" [Salesforce {n.sf}]" if salesforce_names else ""
        lines.append(f"- {n.label}{sf} {{{props}}} -- {n.doc}")
    lines.append("Relationships:")
    for r in schema.relationships:
        sf = f" [Salesforce {r.source}.{r.sf}]" if salesforce_names else ""
        lines.append(f"- (:{r.source})-[:{r.type}]->(:{r.target}){sf}")
    return "\n".join(lines)


FORMATS = {"json": to_json, "markdown": to_markdown, "cypher": to_cypher, "agent": agent_text}
