"""What the induction app holds about a person (see `equityhub.core.privacy.registry`).

Comments, endorsements, suggestions and feedback shape the shared catalogues: they stay,
without the name. A person's own self-assessment and plan are deleted with the account.
"""

from __future__ import annotations

from equityhub.core.privacy.registry import register_personal_data as held

held("induction.Assessment", "user", action="erase", what="Your induction self-assessment")
held("induction.PlanItem", "user", action="erase", what="Your personal plan")
held("induction.Comment", "user", action="anonymise", what="Your comments on the catalogues")
held(
    "induction.Endorsement", "user", action="anonymise", what="Activities and measures you endorsed"
)
held("induction.Suggestion", "user", action="anonymise", what="Changes you suggested")
held(
    "induction.Suggestion",
    "decided_by",
    action="detach",
    what="Suggestions you decided",
    export=False,
)
held("induction.Feedback", "user", action="anonymise", what="Your feedback on the offer")
held("induction.Activity", "contributed_by", action="detach", what="Activities you contributed")
held(
    "induction.Activity",
    "decided_by",
    action="detach",
    what="Activities you approved",
    export=False,
)
held("induction.Measure", "contributed_by", action="detach", what="Measures you contributed")
held("induction.Measure", "decided_by", action="detach", what="Measures you approved", export=False)
held(
    "induction.BoardResponsibility",
    "updated_by",
    action="detach",
    what="Board responsibilities you updated",
)
