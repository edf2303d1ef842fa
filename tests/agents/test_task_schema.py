"""--schema task: the prompt's schema text holds only what the task's gold query touches."""

from __future__ import annotations

from crmarena.agents.base import system_prompt
from crmarena.agents.config import default_settings
from crmarena.agents.task_schema import footprint, task_footprint, task_schema_text
from crmarena.graph_schema.render import agent_text
from crmarena.tasks.registry import FAMILIES, get_task
from tests.agents.scripted import first_task


def test_footprint_reads_labels_types_and_properties_of_a_query():
    fp = footprint("MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`) WHERE c.status = 'Closed' "
                   "MATCH (c)-[:OWNED_BY]->(u:User) RETURN u.id, h.nosuch, x.y")
    assert fp.labels == {"CaseHistory", "Case", "User"} and fp.relationships == {"ON_CASE", "OWNED_BY"}
    assert fp.properties == {"Case": {"status"}, "User": {"id"}, "CaseHistory": {"nosuch"}}


def test_every_task_schema_covers_its_gold_query_and_is_smaller():
    full = agent_text()
    for name in FAMILIES:
        text = task_schema_text(name)
        fp = task_footprint(name)
        assert text is not None and len(text) < len(full) / 2, name
        for label in fp.labels:
            assert f"- {label} {{id: STRING" in text, (name, label)
        cypher = get_task(name).cypher
        for rel in fp.relationships:
            assert f"[:{rel}]" in text and f":{rel}" in cypher, (name, rel)


def test_the_prompt_uses_the_task_schema_when_asked(tasks):
    task = first_task(tasks, "handle_time")
    scoped = default_settings().model_copy(update={"schema_scope": "task"})
    small, whole = system_prompt("react", task, scoped), system_prompt("react", task, default_settings())
    assert task_schema_text("handle_time") in small and agent_text() in whole
    assert "LiveChatTranscript" in whole and "LiveChatTranscript" not in small
    assert task_schema_text("no_such_task") is None


def test_prompt_sizes_shrink_with_the_task_schema(tasks):
    from crmarena.agents.prompt_budget import first_prompt, prompt_sizes

    settings = default_settings()
    full = {(r.framework, r.task): r for r in prompt_sizes(tasks, ("react", "fc"), settings)}
    small = {(r.framework, r.task): r for r in
             prompt_sizes(tasks, ("react", "fc"), settings.model_copy(update={"schema_scope": "task"}))}
    assert full.keys() == small.keys() and len(full) == 2 * len({t.task for t in tasks})
    for key in full:
        assert small[key].tokens < full[key].tokens
    messages, tools = first_prompt("fc", first_task(tasks, "handle_time"), settings)
    assert len(tools) == 25 and {t["function"]["name"] for t in tools} >= {"get_cases", "respond"}
    # a Pro instance gets every family's tools, a CRMArena one CRMArena's toolbox (25, as in the original)
    from crmarena.agents.tools import toolset
    from crmarena.tasks.registry import task_tools

    pro = {t.name for t in toolset("task", "pro")}
    assert len(pro) > 25 and {t.__name__ for t in task_tools("pro")} <= pro
    assert {t.__name__ for t in task_tools("service")} <= {t["function"]["name"] for t in tools}
    assert first_prompt("react", first_task(tasks, "handle_time"), settings)[1] is None
