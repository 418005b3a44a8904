"""What core, Django and Wagtail hold about a person (the apps' own lists are in their
`privacy.py`)."""

from __future__ import annotations

from equityhub.core.privacy.registry import register_personal_data as held

# Equity Hub's core
held(
    "core.AuditEvent",
    "actor",
    action="keep",
    what="Security audit log entries about you",
    reason="The security audit log is kept for six years and is never changed",
)
held("core.Notification", "recipient", action="erase", what="Notifications sent to you")
held("core.NotificationPreference", "user", action="erase", what="Your email preferences")
held(
    "core.UnsubscribeToken",
    "user",
    action="erase",
    what="Unsubscribe links sent to you",
    export=False,
)
held("core.User_groups", "user", action="erase", what="Your groups", export=False)
held("core.User_user_permissions", "user", action="erase", what="Your permissions", export=False)

# Django's administration site
held(
    "admin.LogEntry", "user", action="anonymise", what="Changes you made in the administration site"
)

# Wagtail (the content management system used by editors)
held(
    "wagtailusers.UserProfile",
    "user",
    action="erase",
    what="Your settings in the content management system",
)
held(
    "wagtailadmin.EditingSession",
    "user",
    action="erase",
    what="Pages you were editing",
    export=False,
)
held("wagtailadmin.FormState", "user", action="erase", what="Unsaved editing forms", export=False)
held("wagtailcore.APIToken", "user", action="erase", what="Content API keys", export=False)
held(
    "wagtailcore.ModelLogEntry", "user", action="detach", what="Changes you made to content records"
)
held("wagtailcore.PageLogEntry", "user", action="detach", what="Changes you made to pages")
held("wagtailcore.Revision", "user", action="detach", what="Page revisions you saved")
held(
    "wagtailcore.UploadedFile",
    "uploaded_by_user",
    action="detach",
    what="Files you uploaded while editing",
    export=False,
)
held("wagtailcore.WorkflowState", "requested_by", action="detach", what="Pages you sent for review")
held("wagtailcore.TaskState", "finished_by", action="detach", what="Reviews you completed")
held("wagtailcore.Page", "owner", action="detach", what="Pages you created")
held("wagtailcore.Page", "locked_by", action="detach", what="Pages you locked")
held("wagtailcore.Comment", "user", action="anonymise", what="Editorial comments you wrote")
held("wagtailcore.Comment", "resolved_by", action="detach", what="Editorial comments you resolved")
held("wagtailcore.CommentReply", "user", action="anonymise", what="Replies to editorial comments")
held("wagtailcore.PageSubscription", "user", action="erase", what="Pages you follow for comments")
held("wagtaildocs.Document", "uploaded_by_user", action="detach", what="Documents you uploaded")
held("wagtailimages.Image", "uploaded_by_user", action="detach", what="Images you uploaded")

# django-otp (the second factor)
held("otp_totp.TOTPDevice", "user", action="erase", what="Your authenticator app", export=False)
