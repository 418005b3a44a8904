"""Addresses of the account lifecycle: registration, invitations, role claims and approval."""

from django.urls import path

from equityhub.people import views_accounts, views_roles

urlpatterns = [
    path("register/", views_accounts.register, name="register"),
    path("register/check-your-email/", views_accounts.register_sent, name="register-sent"),
    path("register/confirm/<str:token>/", views_accounts.verify_email, name="verify-email"),
    path("invitations/", views_accounts.invitation_list, name="invitations"),
    path("invitations/new/", views_accounts.invite, name="invite"),
    path("invitations/upload/", views_accounts.invite_bulk, name="invite-bulk"),
    path(
        "invitations/<int:pk>/withdraw/",
        views_accounts.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("invitations/<str:token>/", views_accounts.invitation_accept, name="invitation-accept"),
    path("roles/", views_roles.roles, name="roles"),
    path("roles/claim/", views_roles.role_claim, name="role-claim"),
    path("roles/<int:pk>/withdraw/", views_roles.role_withdraw, name="role-withdraw"),
    path("roles/pending/", views_roles.roles_pending, name="roles-pending"),
    path("roles/pending/<int:pk>/", views_roles.role_decide, name="role-decide"),
    path("roles/handover/<str:code>/", views_roles.lead_handover, name="lead-handover"),
]
