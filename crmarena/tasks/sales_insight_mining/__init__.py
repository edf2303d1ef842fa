"""Sales insight mining (SIM), sales manager persona: the reason that comes up most in the call
transcripts of the deals lost (or won) in a period.

The family in one folder: task.py (gold Cypher template, curation, evidence, answer kind),
phrases.yaml (questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
