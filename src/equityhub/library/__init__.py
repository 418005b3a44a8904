"""The knowledge repository, on Wagtail.

Built:
- pages: LibraryIndexPage, Resource, CaseStudy (structured sections, "illustrative" flag) and
  Pathway (ordered steps), all served at /library/<slug>/; members-only items ask anonymous
  visitors to sign in; topics and audiences are snippets seeded by a data migration;
- find: /library/search/ (Wagtail search on SQLite FTS5 or PostgreSQL, every word then any word,
  facets, newest or best match, highlighted snippets, remove-filter links, closest titles),
  browse by topic (/library/topics/) and professional group (/library/for/<slug>/);
- co-production: suggestions and proposed edits as their own records, an editors' queue
  (/library/editors/) to accept (draft + Wagtail workflow), publish, ask for changes or reject;
  contributors credited and notified; moderated comments; "useful for my role" marks;
- pathways with per-person progress and private notes; reading list models (no pages yet);
- RIS/BibTeX/CSV import into drafts (all-or-nothing, duplicates by DOI, address or title) and
  export of any search; new-and-updated page and Atom feed; weekly review reminders and link
  checks through the scheduler; demo content (demo.py).

Still to come: certificates for pathways; reading-list pages for study groups; "new for me"
matched to each person's topics and audience in the digest; wagtail-periodic-review (review
dates are plain fields with our own report); the search benchmark over 100,000 resources.
"""
