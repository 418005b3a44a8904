from django.urls import path

from equityhub.learning.meetings import views

urlpatterns = [
    path("sets/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/bid/", views.meeting_bid, name="meeting-bid"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("presentations/<int:pk>/", views.presentation_record, name="presentation"),
    path("presentations/<int:pk>/choose/", views.presenter_choose, name="presenter-choose"),
    path("actions/<int:pk>/review/", views.action_review, name="action-review"),
]
