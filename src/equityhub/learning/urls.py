from django.urls import path

from equityhub.learning.buddying import views as views_buddies
from equityhub.learning.calendar import views as views_calendar
from equityhub.learning.collaboratives import views as views_collaboratives
from equityhub.learning.communities import views as views_communities
from equityhub.learning.events import views as views_events
from equityhub.learning.events import views_attendance as views_event_attendance
from equityhub.learning.groups import views as views_groups
from equityhub.learning.meetings import views as views_meetings
from equityhub.learning.pilots import views as views_pilots
from equityhub.learning.programme import views as views_programme
from equityhub.learning.programme import views_cohort
from equityhub.learning.sets import views
from equityhub.learning.sets import views_bulk as views_set_bulk
from equityhub.learning.visits import views as views_visits

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    path("sets/new/", views.set_create, name="set-create"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set-edit"),
    path("sets/<int:pk>/members/", views.set_members, name="set-members"),
    path("message/<str:kind>/<int:pk>/", views_cohort.cohort_message, name="cohort-message"),
    path("sets/<int:pk>/add-people/", views_set_bulk.set_add_people, name="set-add-people"),
    path("sets/<int:pk>/join/", views.set_join, name="set-join"),
    path("sets/<int:pk>/leave/", views.set_leave, name="set-leave"),
    path("sets/<int:pk>/break-glass/", views.break_glass, name="break-glass"),
    path("sets/<int:pk>/meetings/new/", views_meetings.meeting_create, name="meeting-create"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership-decide"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/bid/", views_meetings.meeting_bid, name="meeting-bid"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views_meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/attendance/", views_meetings.attendance, name="attendance"),
    path("presentations/<int:pk>/", views_meetings.presentation_record, name="presentation"),
    path(
        "presentations/<int:pk>/choose/", views_meetings.presenter_choose, name="presenter-choose"
    ),
    path("actions/<int:pk>/review/", views_meetings.action_review, name="action-review"),
    path("calendar/", views_calendar.calendar_settings, name="calendar"),
    path("pilots/<int:pk>/case-study/", views_pilots.pilot_case_study, name="pilot-case-study"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar-feed"),
]

urlpatterns += [
    path("communities/", views_communities.community_list, name="communities"),
    path("communities/new/", views_communities.community_create, name="community-create"),
    path("communities/<int:pk>/", views_communities.community_detail, name="community"),
    path("threads/<int:pk>/", views_communities.thread_detail, name="thread"),
    path("threads/<int:pk>/follow/", views_communities.thread_follow, name="thread-follow"),
    path("threads/<int:pk>/capture/", views_communities.thread_capture, name="thread-capture"),
]

urlpatterns += [
    path("events/", views_events.event_list, name="events"),
    path("events/new/", views_events.event_create, name="event-create"),
    path("events/<int:pk>/", views_events.event_detail, name="event"),
    path("events/<int:pk>/edit/", views_events.event_edit, name="event-edit"),
    path("events/<int:pk>/book/", views_events.event_book, name="event-book"),
    path("events/<int:pk>/unbook/", views_events.event_unbook, name="event-unbook"),
    path("events/<int:pk>/cancel/", views_events.event_cancel, name="event-cancel"),
    path("events/<int:pk>/resources/", views_events.event_resources, name="event-resources"),
    path(
        "events/<int:pk>/attendance/",
        views_event_attendance.event_attendance,
        name="event-attendance",
    ),
    path(
        "events/<int:pk>/attendees.csv",
        views_event_attendance.event_attendees_export,
        name="event-attendees-export",
    ),
]

urlpatterns += [
    path("buddies/", views_buddies.buddies, name="buddies"),
    path("buddies/pairs/", views_programme.buddy_pairs, name="buddy-pairs"),
    path("buddies/profile/", views_buddies.buddy_profile, name="buddy-profile"),
    path("buddies/widen/", views_buddies.buddy_widen, name="buddy-widen"),
    path("buddies/ask/<int:user_pk>/", views_buddies.buddy_propose, name="buddy-propose"),
    path("buddying/<int:pk>/", views_buddies.buddying_detail, name="buddying"),
    path("buddying/<int:pk>/answer/", views_buddies.buddying_answer, name="buddying-answer"),
    path("buddying/<int:pk>/end/", views_buddies.buddying_end, name="buddying-end"),
    path("buddying/<int:pk>/check-in/", views_buddies.buddying_check_in, name="buddying-check-in"),
]

urlpatterns += [
    path("groups/", views_groups.group_list, name="groups"),
    path("groups/new/", views_groups.group_create, name="group-create"),
    path("groups/<int:pk>/", views_groups.group_detail, name="group"),
    path("groups/<int:pk>/items/<int:entry_pk>/", views_groups.group_item, name="group-item"),
    path("groups/<int:pk>/join/", views_groups.group_join, name="group-join"),
    path("groups/<int:pk>/leave/", views_groups.group_leave, name="group-leave"),
    path("groups/<int:pk>/add/", views_groups.group_add, name="group-add"),
]

urlpatterns += [
    path("visits/", views_visits.visit_list, name="visits"),
    path("visits/listings/new/", views_visits.listing_create, name="listing-create"),
    path("visits/listings/<int:pk>/", views_visits.listing_detail, name="listing"),
    path("visits/listings/<int:pk>/close/", views_visits.listing_close, name="listing-close"),
    path("visits/<int:pk>/", views_visits.visit_detail, name="visit"),
    path("visits/<int:pk>/answer/", views_visits.visit_answer, name="visit-answer"),
    path("visits/<int:pk>/note/", views_visits.visit_note, name="visit-note"),
    path("visits/<int:pk>/capture/", views_visits.visit_capture, name="visit-capture"),
]

urlpatterns += [
    path("collaboratives/", views_collaboratives.collaborative_list, name="collaboratives"),
    path("programme/", views_programme.programme, name="programme"),
    path("programme/england/", views_programme.england, name="programme-england"),
    path(
        "programme/england/export.<str:fmt>",
        views_programme.england_export,
        name="programme-england-export",
    ),
    path(
        "collaboratives/new/",
        views_collaboratives.collaborative_create,
        name="collaborative-create",
    ),
    path(
        "collaboratives/<int:pk>/",
        views_collaboratives.collaborative_detail,
        name="collaborative",
    ),
    path(
        "collaboratives/<int:pk>/join/",
        views_collaboratives.collaborative_join,
        name="collaborative-join",
    ),
    path(
        "collaboratives/<int:pk>/add-organisations/",
        views_programme.collaborative_add_organisations,
        name="collaborative-add-organisations",
    ),
    path("collaboratives/<int:pk>/cycles/new/", views_collaboratives.cycle_edit, name="cycle-new"),
    path(
        "collaboratives/<int:pk>/cycles/<int:cycle_pk>/",
        views_collaboratives.cycle_edit,
        name="cycle-edit",
    ),
    path(
        "collaboratives/<int:pk>/showcase/",
        views_collaboratives.showcase,
        name="collaborative-showcase",
    ),
    path(
        "collaboratives/<int:pk>/showcase/edit/",
        views_collaboratives.showcase_edit,
        name="showcase-edit",
    ),
]
