"""Quote approval, sales manager persona: should a quote be approved under the discount policy?

The family in one folder: task.py (gold Cypher template, curation, answer kind), phrases.yaml
(questions and context), oracle.py (the solver), tools.py (the tools it adds; invalid_config uses them too).
"""
