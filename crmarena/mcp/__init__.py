"""The Model Context Protocol server of crmarena (``crmarena mcp``): see ``server``."""
