from django.urls import path

from equityhub.core import views, views_password
from equityhub.core.privacy import views as privacy_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/sign-in/", views.sign_in, name="sign-in"),
    path("accounts/sign-out/", views.sign_out, name="sign-out"),
    path(
        "accounts/password-reset/",
        views_password.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path("accounts/password-reset/sent/", views_password.done, name="password-reset-done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        views_password.complete,
        name="password-reset-complete",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification-preferences",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", privacy_views.privacy_notice, name="privacy"),
    path("accounts/my-data/", privacy_views.my_data, name="my-data"),
    path("accounts/my-data/download/", privacy_views.my_data_download, name="my-data-download"),
    path("accounts/delete/", privacy_views.account_delete, name="account-delete"),
    path("contact/", views.contact, name="contact"),
]
