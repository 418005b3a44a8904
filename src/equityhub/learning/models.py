"""Every model of learning, wherever its feature keeps it.

Django finds an app's models through this module; each feature package owns its own
`models.py` and this module only imports them, so `equityhub.learning.models.X` and the app
label `learning` keep working.
"""

from __future__ import annotations

from equityhub.learning.buddying.models import Buddying, BuddyProfile, CheckIn
from equityhub.learning.calendar.models import CalendarFeed
from equityhub.learning.collaboratives.models import Collaborative, CollaborativeMember, Cycle
from equityhub.learning.communities.models import (
    Announcement,
    Community,
    CommunityFile,
    CommunityMember,
    Follow,
    Reply,
    Thread,
)
from equityhub.learning.events.models import Booking, Event
from equityhub.learning.groups.models import GroupMembership, ItemPost, StudyGroup
from equityhub.learning.pilots.models import PilotCaseStudy
from equityhub.learning.sets.models import (
    Action,
    Attendance,
    BreakGlassGrant,
    LearningSet,
    Meeting,
    PendingSetPlace,
    Presentation,
    SetMembership,
)
from equityhub.learning.visits.models import ExchangeListing, Visit

__all__ = [
    "Action",
    "Announcement",
    "Attendance",
    "Booking",
    "BreakGlassGrant",
    "BuddyProfile",
    "Buddying",
    "CalendarFeed",
    "CheckIn",
    "Collaborative",
    "CollaborativeMember",
    "Community",
    "CommunityFile",
    "CommunityMember",
    "Cycle",
    "Event",
    "ExchangeListing",
    "Follow",
    "GroupMembership",
    "ItemPost",
    "LearningSet",
    "Meeting",
    "PendingSetPlace",
    "PilotCaseStudy",
    "Presentation",
    "Reply",
    "SetMembership",
    "StudyGroup",
    "Thread",
    "Visit",
]
