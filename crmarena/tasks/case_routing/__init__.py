"""Case routing (CR), manager persona: the agent a new case should be routed to.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver).
"""
