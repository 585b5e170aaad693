"""The command line (python -m generator ...)."""
