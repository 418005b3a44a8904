from django.urls import path

from equityhub.learning.communities import views

urlpatterns = [
    path("communities/", views.community_list, name="communities"),
    path("communities/new/", views.community_create, name="community-create"),
    path("communities/<int:pk>/", views.community_detail, name="community"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/follow/", views.thread_follow, name="thread-follow"),
    path("threads/<int:pk>/capture/", views.thread_capture, name="thread-capture"),
]
