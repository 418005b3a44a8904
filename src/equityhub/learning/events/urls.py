from django.urls import path

from equityhub.learning.events import views

urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/book/", views.event_book, name="event-book"),
    path("events/<int:pk>/unbook/", views.event_unbook, name="event-unbook"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event-cancel"),
    path("events/<int:pk>/resources/", views.event_resources, name="event-resources"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event-attendance"),
    path(
        "events/<int:pk>/attendees.csv", views.event_attendees_export, name="event-attendees-export"
    ),
]
