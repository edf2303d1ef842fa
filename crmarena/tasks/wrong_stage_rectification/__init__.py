"""Wrong stage rectification, sales rep persona: the stage an open opportunity should be in, going by its latest activity.

The family in one folder: task.py (gold Cypher template, curation, answer kind), phrases.yaml
(questions and context), oracle.py (the solver), tools.py (the tool it adds).
"""
