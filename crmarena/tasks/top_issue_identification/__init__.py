"""Top issue identification (TII), analyst persona: the most reported issue of a product.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
