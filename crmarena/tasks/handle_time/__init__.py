"""Handle time understanding (HTU), manager persona: the agent with the shortest or longest average handle time.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
