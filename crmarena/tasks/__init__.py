"""The task families, one folder each (``<name>/``), and their typed registry (``registry.py``)."""
