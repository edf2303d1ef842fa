"""Transfer count understanding (TCU), manager persona: the agent with the most or fewest transfers.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
