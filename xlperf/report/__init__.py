"""The narrative report (部门整体绩效自评报告): context, Jinja2 environment, templates, writers.

``context`` is pure (figures and sentences); ``env`` is the one sandboxed Jinja2 environment;
``render`` writes md/html/docx/pdf; ``chart`` writes the level-1 score-rate chart as text (a native
Word chart part, an inline SVG), with the standard library only.
"""
