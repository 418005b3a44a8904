from django.urls import path

from equityhub.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
]
