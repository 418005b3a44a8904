from django.urls import path

from equityhub.learning.communities import views, views_files, views_members

urlpatterns = [
    path("communities/", views.community_list, name="communities"),
    path("communities/new/", views.community_create, name="community-create"),
    path("communities/<int:pk>/", views.community_detail, name="community"),
    path("communities/<int:pk>/join/", views_members.community_join, name="community-join"),
    path("communities/<int:pk>/leave/", views_members.community_leave, name="community-leave"),
    path(
        "communities/<int:pk>/moderators/",
        views_members.community_moderator,
        name="community-moderator",
    ),
    path(
        "communities/<int:pk>/announce/",
        views_members.announcement_create,
        name="community-announce",
    ),
    path("communities/<int:pk>/files/new/", views_files.file_share, name="community-file-share"),
    path("communities/files/<int:pk>/", views_files.file_download, name="community-file"),
    path(
        "communities/files/<int:pk>/remove/",
        views_files.file_remove,
        name="community-file-remove",
    ),
    path("sets/<int:pk>/continue/", views_members.set_continue, name="set-continue"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/follow/", views.thread_follow, name="thread-follow"),
    path("threads/<int:pk>/capture/", views.thread_capture, name="thread-capture"),
    path("threads/<int:pk>/hide/", views.thread_hide, name="thread-hide"),
    path("replies/<int:pk>/hide/", views.reply_hide, name="reply-hide"),
]
