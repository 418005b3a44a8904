"""Learning together.

Built:
- action learning sets (`models`, `services`, `services_meetings`, `services_break_glass`):
  applications and invitations, size cap and waiting list, meetings that open by reviewing the
  previous meeting's actions, presenters' own records, attendance, audited break-glass;
- the per-person calendar feed (`calendar`) and the retention purge (`retention`, `tasks`);
- the index, the home-page section (`home`), the read-only API (`api`), demo sets (`demo`);
- communities of practice (`services_communities`): threads, replies, @mentions, following,
  "capture the learning" into a library case study suggestion.

Not built yet: study and coaching groups on library reading lists, improvement collaboratives,
buddying with explained matches, exchange visits, events (RSVP, capacity, waiting list,
reminders), the facilitators' programme view of participation counts, private personal notes
beyond presenters' reflections, editing or cancelling a meeting, and reminders before meetings.
"""
