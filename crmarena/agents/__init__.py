"""crmarena.agents: LangChain agents (act, react, fc, flex), the scripted oracle, tools and scoring.

See README.md beside this file. Nothing runs on import.
"""
