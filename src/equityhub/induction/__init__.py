"""The induction offer: role guides, the board activities grid, the measures catalogue, the
self-assessment and personal plan, signposting to support, co-production with leads, each
organisation's board responsibilities map, the board development kit and the induction pack.

Built: catalogues from the report's Figures 1 and 2 (YAML in `data/`, loaded by a data
migration), the grid and filterable list, adoption with counts, the twelve-question assessment
and pure plan rules (`planning.py`) with a reason for every item, the plan page with due dates
and progress, the typst induction pack, proposals moderated by editors with credit and
notifications, Wagtail role guides, support offers, feedback with "you said, we did", the home
page section and the demo. Still to come: see `docs/induction/README.md`.
"""
