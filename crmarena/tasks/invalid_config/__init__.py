"""Invalid configuration, sales rep persona: the product on a quote that breaks a product configuration rule.

The family in one folder: task.py (gold Cypher template, curation, answer kind), phrases.yaml
(questions and context), oracle.py (the solver; it uses quote_approval's quote tools).
"""
