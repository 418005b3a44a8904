"""Background tasks of learning, run by the scheduler: the retention purge (daily), event
reminders (hourly, for events starting in the next 24 hours) and buddy check-in prompts (daily).
"""

from __future__ import annotations

from django.tasks import task

from equityhub.learning import retention, services_buddies, services_events


@task()
def purge_expired_notes() -> int:
    return len(retention.notes_purge())


@task()
def send_event_reminders() -> int:
    return len(services_events.reminders_send())


@task()
def send_buddy_check_in_prompts() -> int:
    return len(services_buddies.check_in_prompts_send())
