"""The sales side of an org (CRMArena-Pro's 11 objects), drawn after the service side.

``world.py`` places the sales reps in territories and reads the accounts' segments; ``leads.py`` and
``deals.py`` draw the records (leads, opportunities, line items, quotes, contracts) from the sales
latents (rep_skill, lead_quality, discount_habit, account_potential, territory_coverage);
``activities.py`` draws tasks, events and call transcripts; ``tables.py`` writes the 11 tables and, in
b2b orgs, the sales policies as knowledge articles. Every step has its own named seed stream
(``sales.*``), so the service tables of a seed are unchanged by anything here.
"""
