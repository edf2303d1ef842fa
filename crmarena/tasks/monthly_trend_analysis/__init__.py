"""Monthly trend analysis (MTA), analyst persona: the month with the most cases of a product.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
