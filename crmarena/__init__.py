"""crmarena: a self-hosted, reproducible CRMArena.

Pipeline (one-way): graph_schema -> simulator -> store -> queries -> agents -> studies.
"""

__version__ = "0.1.0"
