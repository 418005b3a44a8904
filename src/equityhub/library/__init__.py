"""The knowledge repository, on Wagtail.

Built:
- pages: LibraryIndexPage, Resource, CaseStudy (structured sections, "illustrative" flag) and
  Pathway (ordered steps), all served at /library/<slug>/; members-only items ask anonymous
  visitors to sign in; topics and audiences are snippets seeded by a data migration;
- find: /library/search/ (Wagtail search on SQLite FTS5 or PostgreSQL, every word then any word,
  facets, newest or best match, highlighted snippets, remove-filter links, closest titles),
  browse by topic (/library/topics/) and professional group (/library/for/<slug>/); on SQLite
  the ranking is one FTS5 query of ours (ranking.py: Wagtail's SQLite backend re-runs the
  match for every matched row);
- co-production: suggestions and proposed edits as their own records, an editors' queue
  (/library/editors/) to accept (draft + Wagtail workflow), publish, ask for changes or reject;
  contributors credited and notified; moderated comments; "useful for my role" marks;
- pathways with per-person progress and private notes; certificates (certificates.py): a
  pathway can lead to one, asked for after every step has a reflection, reviewed by a
  facilitator, with a public check page and a typst PDF;
- reading lists: snippets with inline readings, pages at /library/reading-lists/ (filtered per
  reader) that the learning pillar's study groups link to;
- kept current: wagtail-periodic-review fields (last review date; next review date 12 months
  on) with the package's /cms/ report and dashboard panels (told about LibraryItem alone, see
  apps.py: the package reaches page types from Page by name, so per-type frequencies do not
  apply to our subclasses), our review owner, weekly reminders, the overdue list on the
  editors' page, "last reviewed" for readers; weekly link checks;
- "new for me" (new_for_me.py): new items matched to each person's profile interests (topics)
  and post (professional group), weekly through the foundation's notifications and digests with
  unsubscribe, a /library/new/for-me/ page and the home page line;
- RIS/BibTeX/CSV import into drafts (all-or-nothing, duplicates by DOI, address or title) and
  export of any search, reading list or pathway; new-and-updated page and Atom feed; demo
  content (demo.py) including a certificate pathway and a study-group reading list;
- bulk.py adds many published resources at once (tree paths, three tables, search index in
  bulk); `make bench` times search over 100,000 of them against the bare full-text query on
  SQLite and PostgreSQL (docs/library/README.md).

Still to come: faster search at 100,000 items (SQLite: about 3 s a query under load, mostly
ranking and facets over 1,000 matches); readers choosing topics beyond their profile; a list of
a person's certificates; case studies linked to indicators.
"""
