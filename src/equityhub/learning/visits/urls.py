from django.urls import path

from equityhub.learning.visits import views

urlpatterns = [
    path("visits/", views.visit_list, name="visits"),
    path("visits/listings/new/", views.listing_create, name="listing-create"),
    path("visits/listings/<int:pk>/", views.listing_detail, name="listing"),
    path("visits/listings/<int:pk>/close/", views.listing_close, name="listing-close"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/answer/", views.visit_answer, name="visit-answer"),
    path("visits/<int:pk>/note/", views.visit_note, name="visit-note"),
    path("visits/<int:pk>/capture/", views.visit_capture, name="visit-capture"),
]
