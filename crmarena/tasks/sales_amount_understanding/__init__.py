"""Sales amount understanding (CRMArena-Pro), sales manager persona: the rep with the highest or lowest
total Closed Won amount in a window, among reps who won more than N deals there.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
