from django.urls import path

from equityhub.learning.pilots import views

urlpatterns = [
    path("pilots/<int:pk>/case-study/", views.pilot_case_study, name="pilot-case-study"),
]
