"""The ``crmarena`` command line (click). Each command lives in its own small module."""
