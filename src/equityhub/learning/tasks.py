"""Background tasks of learning, run by the scheduler: the retention purge (daily), event
and meeting reminders (hourly, for what starts in the next 24 hours), buddy check-in
prompts and study groups' reading reminders (daily).
"""

from __future__ import annotations

from django.tasks import task

from equityhub.learning.buddying import services as services_buddies
from equityhub.learning.events import services as services_events
from equityhub.learning.groups import services as services_groups
from equityhub.learning.meetings import changes as services_meeting_changes
from equityhub.learning.sets import retention


@task()
def purge_expired_notes() -> int:
    return len(retention.notes_purge())


@task()
def send_event_reminders() -> int:
    """Events and learning-set meetings starting in the next 24 hours."""
    events = services_events.reminders_send()
    meetings = services_meeting_changes.meeting_reminders_send()
    return len(events) + len(meetings)


@task()
def send_buddy_check_in_prompts() -> int:
    return len(services_buddies.check_in_prompts_send())


@task()
def send_reading_reminders() -> int:
    return len(services_groups.reading_reminders_send())
