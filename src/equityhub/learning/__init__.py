"""Learning together.

Built, one package per feature (see docs/architecture.md for the map and the rule):
- action learning sets (`sets`): applications and invitations, size cap and waiting list,
  adding many people at once (`sets.bulk_add`, `sets.bulk_csv`), who a set is for
  (`sets.scope`), audited break-glass (`sets.break_glass`) and the retention purge
  (`sets.retention`);
- their meetings (`meetings`): meetings that open by reviewing the previous meeting's actions,
  presenters' own records, attendance; changing and cancelling a meeting and reminders before it
  (`meetings.changes`);
- the per-person calendar feed (`calendar`: meetings and booked events);
- communities of practice (`communities`): threads, replies, @mentions, following, "capture the
  learning" (`capture`) into a library case study suggestion;
- events (`events`): places, waiting list with promotion and notice, reminders, organisers'
  editing and cancelling, attendance, recordings and library resources linked after;
- buddying (`buddying`): opt-in profiles, explained match scoring as a pure function
  (`buddying.matching`), requests both must accept, pairs the programme team arranges,
  check-in prompts, ending, and why no one suits (`buddying.no_match`);
- study and coaching groups on library reading lists, with a reminder three days before each
  item's date (`groups`);
- exchange visits with topic matching and learning notes to the library (`visits`);
- improvement collaboratives with cycles, per-member indicator charts that keep suppression,
  expert sessions as events and a public showcase (`collaboratives`);
- pilots shared as library case studies (`pilots`);
- the programme team's pages (`programme`): participation counts with small numbers
  suppressed, the view of England and its exports, cohort messages;
- the home-page sections and work queues (`home`), the read-only API (`api`), demo content
  (`demo`), `offers` (`upcoming_events` and `suggest_buddies` for other pillars, such as the
  induction plan), the background tasks (`tasks`) and what learning holds about a person
  (`privacy`).

See docs/learning/README.md.

Not built yet: private personal notes beyond presenters' reflections; an API for events,
buddying, groups, visits and collaboratives (the API covers learning sets); editing or closing
study groups, visits and collaboratives after they are set up (beyond the showcase); capacity
reports per region in the programme view.
"""
