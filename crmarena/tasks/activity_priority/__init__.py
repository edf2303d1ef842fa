"""Activity priority, sales rep persona: which of a rep's open tasks due in a window to work on first.

The family in one folder: task.py (gold Cypher template, curation, answer kind), phrases.yaml
(questions and context), oracle.py (the solver), tools.py (the tool it adds).
"""
