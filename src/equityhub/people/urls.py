from django.urls import path

from equityhub.people import views

app_name = "people"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("register/", views.register, name="register"),
]
