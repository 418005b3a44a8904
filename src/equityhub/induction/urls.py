from django.urls import path

from equityhub.induction import views

app_name = "induction"

urlpatterns = [
    path("", views.index, name="index"),
]
