"""Knowledge question answering (KQA), agent persona: a fact stated in a knowledge article.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver).
"""
