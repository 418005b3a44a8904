from django.urls import path

from equityhub.learning.buddying import views

urlpatterns = [
    path("buddies/", views.buddies, name="buddies"),
    path("buddies/profile/", views.buddy_profile, name="buddy-profile"),
    path("buddies/widen/", views.buddy_widen, name="buddy-widen"),
    path("buddies/ask/<int:user_pk>/", views.buddy_propose, name="buddy-propose"),
    path("buddying/<int:pk>/", views.buddying_detail, name="buddying"),
    path("buddying/<int:pk>/answer/", views.buddying_answer, name="buddying-answer"),
    path("buddying/<int:pk>/end/", views.buddying_end, name="buddying-end"),
    path("buddying/<int:pk>/check-in/", views.buddying_check_in, name="buddying-check-in"),
]
