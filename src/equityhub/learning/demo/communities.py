"""The demo community's people and what they share: members with a second moderator, a
pinned announcement and a shared file; and a co-facilitator for the national learning set.

Idempotent: memberships, the announcement and the file are found before they are made.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from equityhub.core.models import User
from equityhub.learning.communities.models import (
    Announcement,
    Community,
    CommunityFile,
    CommunityMember,
)
from equityhub.learning.sets.models import LearningSet

CO_FACILITATOR = "yusuf.karim@example.nhs.uk"
MEMBERS = [
    "priya.raman@example.nhs.uk",  # the community's second moderator
    "amara.okafor@example.nhs.uk",
    "helen.marsh@example.nhs.uk",
    "catherine.moss@example.nhs.uk",
    "daniel.mensah@example.nhs.uk",
]
ANNOUNCEMENT = "Anchor hiring webinar: share your numbers first"
FILE_TITLE = "Anchor charter: a template to adapt"
CHARTER = """Anchor charter (template)

1. We will recruit from the most deprived 20% of neighbourhoods in our area (Core20),
   and report new starters by IMD decile of home postcode every quarter.
2. We will buy locally where we can, and report the share of spend with local suppliers.
3. We will open our buildings to community groups, free of charge, out of hours.

Adapt it, agree it at your board, and share what worked in this community.
"""


def demo_community_people_load(community: Community, facilitator: User) -> None:
    CommunityMember.objects.get_or_create(
        community=community, user=facilitator, defaults={"is_moderator": True}
    )
    people = {user.email: user for user in User.objects.filter(email__in=MEMBERS)}
    for email in MEMBERS:
        if email in people:
            CommunityMember.objects.get_or_create(
                community=community,
                user=people[email],
                defaults={"is_moderator": email == MEMBERS[0]},
            )
    Announcement.objects.get_or_create(
        community=community,
        title=ANNOUNCEMENT,
        defaults={
            "author": facilitator,
            "body": "Our webinar on hiring from Core20 neighbourhoods is next month. Before it, "
            "post your organisation's new starters by IMD decile in the discussion, so we can "
            "compare like with like.",
        },
    )
    if not CommunityFile.objects.filter(community=community, title=FILE_TITLE).exists():
        shared = CommunityFile(
            community=community,
            uploaded_by=people.get(MEMBERS[0], facilitator),
            title=FILE_TITLE,
            original_name="anchor-charter-template.txt",
            size=len(CHARTER.encode()),
        )
        shared.file.save(shared.original_name, ContentFile(CHARTER.encode()), save=True)


def demo_co_facilitator_load(learning_set: LearningSet) -> None:
    co = User.objects.filter(email=CO_FACILITATOR).first()
    if co is not None and co.pk != learning_set.facilitator_id:
        learning_set.co_facilitators.add(co)
