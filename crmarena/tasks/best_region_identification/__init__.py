"""Best region identification (BRI), analyst persona: the state with the fastest or slowest case closure.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
