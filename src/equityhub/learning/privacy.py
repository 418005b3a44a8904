"""What the learning app holds about a person (see `equityhub.core.privacy.registry`).

Posts, replies and what was presented in a set are contributions the others rely on: they stay,
without the name. A facilitator of a running set hands it over before leaving.
"""

from __future__ import annotations

from equityhub.core.models import User
from equityhub.core.privacy.registry import register_erasure_check
from equityhub.core.privacy.registry import register_personal_data as held
from equityhub.learning.sets.models import LearningSet, SetStatus

held(
    "learning.LearningSet", "facilitator", action="anonymise", what="Learning sets you facilitated"
)
held("learning.SetMembership", "user", action="erase", what="Your learning set memberships")
held(
    "learning.Presentation",
    "presenter",
    action="anonymise",
    what="Issues you presented in learning sets",
)
held(
    "learning.Attendance",
    "user",
    action="anonymise",
    what="Your attendance at learning set meetings",
)
held(
    "learning.BreakGlassGrant",
    "administrator",
    action="anonymise",
    what="Emergency access you were granted to learning sets",
)
held("learning.CalendarFeed", "user", action="erase", what="Your calendar feed", exclude=("token",))
held("learning.Community", "created_by", action="detach", what="Communities you started")
held("learning.Thread", "author", action="anonymise", what="Discussions you started")
held("learning.Reply", "author", action="anonymise", what="Your replies in discussions")
held("learning.Follow", "user", action="erase", what="Discussions you follow")
held("learning.CommunityMember", "user", action="erase", what="Communities you joined")
held("learning.Thread", "hidden_by", action="detach", what="Discussions you hid as a moderator")
held("learning.Reply", "hidden_by", action="detach", what="Replies you hid as a moderator")
held("learning.Announcement", "author", action="anonymise", what="Announcements you posted")
held("learning.CommunityFile", "uploaded_by", action="anonymise", what="Files you shared")
held(
    "learning.LearningSet_co_facilitators",
    "user",
    action="erase",
    what="Learning sets you co-facilitate",
)


def _running_sets(user: User) -> list[str]:
    running = LearningSet.objects.filter(facilitator=user).exclude(status=SetStatus.CLOSED)
    return [
        f"You facilitate the learning set “{name}”: hand it to another facilitator first"
        for name in running.values_list("name", flat=True)
    ]


register_erasure_check(_running_sets)

# Events and buddying
held("learning.Event", "organiser", action="anonymise", what="Events you organised")
held("learning.Booking", "user", action="erase", what="Your event bookings")
held("learning.BuddyProfile", "user", action="erase", what="Your buddying profile")
held("learning.Buddying", "proposer", action="anonymise", what="Buddying pairs you proposed")
held(
    "learning.Buddying", "partner", action="anonymise", what="Buddying pairs you were asked to join"
)
held(
    "learning.Buddying", "ended_by", action="detach", what="Buddying pairs you ended", export=False
)
held("learning.CheckIn", "author", action="anonymise", what="Your buddying check-ins")

# Collaboratives, study groups and exchange visits
held("learning.Collaborative", "lead", action="anonymise", what="Collaboratives you led")
held("learning.Cycle", "author", action="anonymise",
     what="Plan-do-study-act cycles you recorded")  # fmt: skip
held("learning.StudyGroup", "leader", action="anonymise", what="Study groups you led")
held("learning.GroupMembership", "user", action="erase", what="Your study group memberships")
held("learning.ItemPost", "author", action="anonymise", what="Your posts in study groups")
held("learning.ExchangeListing", "author", action="anonymise",
     what="Exchange visits you offered or asked for")  # fmt: skip
held("learning.Visit", "host", action="anonymise", what="Exchange visits you hosted")
held("learning.Visit", "visitor", action="anonymise", what="Exchange visits you made")
held("learning.Visit", "asked_by", action="anonymise", what="Exchange visits you asked for")
held("learning.Visit", "note_by", action="detach", what="Learning notes you wrote on visits")

# Pilots shared as case studies
held("learning.PilotCaseStudy", "captured_by", action="detach",
     what="Pilots you shared as case studies")  # fmt: skip

# Places kept by the programme team for people it invited
held(
    "learning.PendingSetPlace", "added_by", action="detach",
    what="Places in learning sets you kept for people you invited",
)  # fmt: skip
held(
    "learning.Buddying", "arranged_by", action="detach", what="Buddy pairs you arranged",
    export=False,
)  # fmt: skip
