"""Lead routing (CRMArena-Pro), sales rep persona, workflow: the sales rep a new lead goes to, by the
company's Lead Routing Policy (a knowledge article of the b2b org).

The family in one folder: task.py (gold Cypher template, curation, answer kind), phrases.yaml
(questions and context), oracle.py (the solver), tools.py (the tools it adds).
"""
