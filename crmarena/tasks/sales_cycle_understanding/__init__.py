"""Sales cycle understanding (CRMArena-Pro), sales manager persona: the rep with the shortest or longest
average sales cycle over the deals they won in a window, among reps with more than N such deals.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
