"""Learning together.

Built:
- action learning sets (`models`, `services`, `services_meetings`, `services_break_glass`):
  applications and invitations, size cap and waiting list, meetings that open by reviewing the
  previous meeting's actions, presenters' own records, attendance, audited break-glass;
  changing and cancelling a meeting and reminders before it (`services_meeting_changes`);
- the per-person calendar feed (`calendar`: meetings and booked events) and the retention purge
  (`retention`, `tasks`);
- the index, the home-page sections (`home`), the read-only API (`api`), demo content (`demo`,
  `demo_offers`, `demo_together`);
- communities of practice (`services_communities`): threads, replies, @mentions, following,
  "capture the learning" into a library case study suggestion;
- events (`models_events`, `services_events`): places, waiting list with promotion and notice,
  reminders, organisers' editing and cancelling, recordings and library resources linked after;
- buddying (`models_buddies`, `matching`, `services_buddies`): opt-in profiles, explained match
  scoring as a pure function, requests both must accept, check-in prompts, ending;
- `offers`: `upcoming_events` and `suggest_buddies` for other pillars (the induction plan);
- study and coaching groups on library reading lists, with a reminder three days before each
  item's date (`models_groups`, `services_groups`);
- exchange visits with topic matching and learning notes to the library (`services_visits`);
- improvement collaboratives with cycles, per-member indicator charts that keep suppression,
  expert sessions as events and a public showcase (`services_collaboratives`, `charts`);
- the programme view of participation counts with small numbers suppressed (`programme`).

See docs/learning/README.md.

Not built yet: private personal notes beyond presenters' reflections; an API for events,
buddying, groups, visits and collaboratives (the API covers learning sets); editing or closing
study groups, visits and collaboratives after they are set up (beyond the showcase); capacity
reports per region in the programme view.
"""
