"""What the people app holds about a person (see `equityhub.core.privacy.registry`)."""

from __future__ import annotations

from equityhub.core.privacy.registry import register_personal_data as held

held("people.Profile", "user", action="erase", what="Your directory profile")
held("people.Membership", "user", action="erase", what="Your roles in organisations")
held(
    "people.Membership",
    "decided_by",
    action="detach",
    what="Role requests you decided",
    export=False,
)
held("people.Seat", "user", action="erase", what="The ICS structures you sit on")
held(
    "people.Invitation",
    "invited_by",
    action="detach",
    what="Invitations you sent",
    exclude=("token",),
)
held(
    "people.Invitation",
    "accepted_by",
    action="detach",
    what="The invitation you accepted",
    exclude=("token",),
)

# Single sign-on and the second factor
held(
    "people.ExternalIdentity",
    "user",
    action="erase",
    what="The single sign-on identities linked to your account",
)
held(
    "people.SsoLinkRequest",
    "user",
    action="erase",
    what="Requests to link a single sign-on identity",
    exclude=("token_hash",),
)
held("people.RecoveryCodeDevice", "user", action="erase", what="Your recovery codes", export=False)
