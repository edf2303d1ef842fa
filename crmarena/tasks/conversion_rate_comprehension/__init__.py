"""Conversion rate comprehension (CRMArena-Pro), sales manager persona: the rep with the highest or lowest
lead conversion rate over the leads created in a window, among reps owning at least N of them.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
