"""The pure domain: numbers, rules, scoring, the model, profiles, outlines, evaluation and checks.

Nothing here imports openpyxl, xlwings, docx or any adapter (tests/test_structure.py holds that).
"""
