from django.urls import path

from equityhub.learning.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/items/<int:entry_pk>/", views.group_item, name="group-item"),
    path("groups/<int:pk>/join/", views.group_join, name="group-join"),
    path("groups/<int:pk>/leave/", views.group_leave, name="group-leave"),
    path("groups/<int:pk>/add/", views.group_add, name="group-add"),
]
