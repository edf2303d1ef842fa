"""The MCP tests reuse the agents' session org, store and tasks."""

from tests.agents.conftest import org_dir, store, tasks, tasks_file  # noqa: F401
