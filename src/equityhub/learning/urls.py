from django.urls import path

from equityhub.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
]
