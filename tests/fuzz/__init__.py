"""Helpers shared by the hardening tests and ``scripts/fuzz.py``: strategies, mutators, the runner."""
