from django.urls import path

from equityhub.learning.sets import views, views_co_facilitators

urlpatterns = [
    path("", views.index, name="index"),
    path("sets/new/", views.set_create, name="set-create"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set-edit"),
    path("sets/<int:pk>/members/", views.set_members, name="set-members"),
    path("sets/<int:pk>/add-people/", views.set_add_people, name="set-add-people"),
    path(
        "sets/<int:pk>/co-facilitators/",
        views_co_facilitators.set_co_facilitators,
        name="set-co-facilitators",
    ),
    path("sets/<int:pk>/join/", views.set_join, name="set-join"),
    path("sets/<int:pk>/leave/", views.set_leave, name="set-leave"),
    path("sets/<int:pk>/break-glass/", views.break_glass, name="break-glass"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership-decide"),
]
