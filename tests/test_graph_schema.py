import json

import pyarrow as pa
import pytest

from crmarena.graph_schema import load_schema
from crmarena.graph_schema.arrow import arrow_schemas
from crmarena.graph_schema.ddl import ddl_statements
from crmarena.graph_schema.model import GraphSchema, NodeType, Property, Relationship, validate
from crmarena.graph_schema.render import FORMATS, agent_text, to_dict

CRMARENA_OBJECTS = {"User", "Account", "Contact", "Case", "Knowledge__kav", "ProductCategory", "Product2",
                    "ProductCategoryProduct", "Pricebook2", "PricebookEntry", "Order", "OrderItem",
                    "EmailMessage", "LiveChatTranscript", "Issue__c", "CaseHistory__c"}
PRO_OBJECTS = {"Opportunity", "OpportunityLineItem", "Quote", "QuoteLineItem", "Contract", "Lead", "Task", "Event",
               "VoiceCallTranscript__c", "Territory2", "UserTerritory2Association"}


def test_the_16_crmarena_and_11_pro_objects_with_salesforce_names():
    schema = load_schema()
    assert {n.sf for n in schema.nodes} == CRMARENA_OBJECTS | PRO_OBJECTS
    assert len(schema.labels) == 27


def test_kind_specific_properties_split_the_account_columns():
    account = load_schema().node("Account")
    b2c = {p.name for p in account.properties_of("b2c")}
    b2b = {p.name for p in account.properties_of("b2b")}
    assert {"firstName", "personEmail"} <= b2c - b2b and {"name", "industry", "numberOfEmployees"} <= b2b - b2c
    assert {p.name for p in account.properties_of(None)} == b2c | b2b
    assert arrow_schemas(kind="b2c")["Account"].names != arrow_schemas()["Account"].names


def test_every_relationship_endpoint_exists_and_every_property_is_typed():
    schema = load_schema()
    labels = set(schema.labels)
    for r in schema.relationships:
        assert r.source in labels and r.target in labels
    for n in schema.nodes:
        assert all(p.type for p in n.properties)


def test_reference_table_links_are_relationships():
    schema = load_schema()
    edges = {(r.source, r.sf, r.target) for r in schema.relationships}
    for expected in [("Case", "OwnerId", "User"), ("Case", "OrderItemId__c", "OrderItem"),
                     ("Case", "IssueId__c", "Issue"), ("CaseHistory", "CaseId__c", "Case"),
                     ("CaseHistory", "OldValue__c", "User"), ("EmailMessage", "ParentId", "Case"),
                     ("OrderItem", "OrderId", "Order"), ("Contact", "AccountId", "Account")]:
        assert expected in edges


def test_validation_rejects_bad_names_and_dangling_targets():
    bad = GraphSchema(nodes=(NodeType(label="thing", sf="X", id_prefix="abc", doc="",
                                      properties=(Property("Bad_Name", "TEXT", "X"),),
                                      relationships=(Relationship("thing", "links", "Nowhere", "x", "X"),)),))
    with pytest.raises(ValueError) as e:
        validate(bad)
    for fragment in ("PascalCase", "camelCase", "unknown type", "UPPER_SNAKE", "unknown target"):
        assert fragment in str(e.value)


def test_ddl_has_a_constraint_per_label_and_the_fulltext_indexes():
    ddl = ddl_statements()
    assert sum("REQUIRE n.id IS UNIQUE" in s for s in ddl) == 27
    assert any("FULLTEXT INDEX knowledge_text" in s for s in ddl)
    assert any("FULLTEXT INDEX product_text" in s for s in ddl)
    indexed = [(n.label, p.name) for n in load_schema().nodes for p in n.properties if p.index]
    for label, prop in indexed:
        assert any(f"(n:`{label}`) ON (n.{prop})" in s for s in ddl)
    assert all("IF NOT EXISTS" in s for s in ddl)


def test_arrow_types_follow_the_schema():
    tables = arrow_schemas()
    case = tables["Case"]
    assert case.field("createdDate").type == pa.timestamp("us", tz="UTC")
    assert case.field("ownerId").type == pa.string()
    assert tables["Order"].field("effectiveDate").type == pa.date32()
    assert tables["OrderItem"].field("quantity").type == pa.int64()


def test_renderings_agree_with_the_model():
    d = json.loads(FORMATS["json"]())
    assert len(d["objects"]) == 27
    assert to_dict()["relationship_types"] == list(load_schema().relationship_types)
    text = agent_text()
    for n in load_schema().nodes:
        assert f"- {n.label} " in text
    assert "Salesforce Knowledge__kav" in agent_text(salesforce_names=True)
    assert "CREATE CONSTRAINT" in FORMATS["cypher"]() and "## `Case`" in FORMATS["markdown"]()


def test_allowed_values_are_listed_in_the_schema():
    schema = load_schema()
    assert schema.node("CaseHistory").values("field") == ("Case Creation", "Owner Assignment", "Case Closed")
    with pytest.raises(KeyError, match="no list of allowed values"):
        schema.node("Case").values("subject")
    case = next(o for o in to_dict()["objects"] if o["label"] == "Case")
    assert next(p for p in case["properties"] if p["name"] == "status")["values"] == [
        "New", "Working", "Escalated", "Closed"]


def test_allowed_values_need_a_string_property():
    bad = GraphSchema(nodes=(NodeType(label="Thing", sf="Thing", id_prefix="a01", doc="",
                                      properties=(Property(name="n", type="INTEGER", sf="N", values=("1",)),)),))
    with pytest.raises(ValueError, match="allowed values need a STRING"):
        validate(bad)
