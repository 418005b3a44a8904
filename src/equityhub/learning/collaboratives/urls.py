from django.urls import path

from equityhub.learning.collaboratives import views

urlpatterns = [
    path("collaboratives/", views.collaborative_list, name="collaboratives"),
    path("collaboratives/new/", views.collaborative_create, name="collaborative-create"),
    path("collaboratives/<int:pk>/", views.collaborative_detail, name="collaborative"),
    path("collaboratives/<int:pk>/join/", views.collaborative_join, name="collaborative-join"),
    path("collaboratives/<int:pk>/cycles/new/", views.cycle_edit, name="cycle-new"),
    path("collaboratives/<int:pk>/cycles/<int:cycle_pk>/", views.cycle_edit, name="cycle-edit"),
    path("collaboratives/<int:pk>/showcase/", views.showcase, name="collaborative-showcase"),
    path("collaboratives/<int:pk>/showcase/edit/", views.showcase_edit, name="showcase-edit"),
]
