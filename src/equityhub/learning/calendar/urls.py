from django.urls import path

from equityhub.learning.calendar import views

urlpatterns = [
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
