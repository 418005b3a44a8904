from django.urls import path

from equityhub.learning.programme import views

urlpatterns = [
    path("message/<str:kind>/<int:pk>/", views.cohort_message, name="cohort-message"),
    path("buddies/pairs/", views.buddy_pairs, name="buddy-pairs"),
    path("programme/", views.programme, name="programme"),
    path("programme/england/", views.england, name="programme-england"),
    path(
        "programme/england/export.<str:fmt>", views.england_export, name="programme-england-export"
    ),
    path(
        "collaboratives/<int:pk>/add-organisations/",
        views.collaborative_add_organisations,
        name="collaborative-add-organisations",
    ),
]
