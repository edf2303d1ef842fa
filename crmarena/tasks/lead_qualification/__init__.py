"""Lead qualification (LQ), sales rep persona: which BANT factors a lead meets, from its call transcripts.

The family in one folder: task.py (gold Cypher template, curation, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
