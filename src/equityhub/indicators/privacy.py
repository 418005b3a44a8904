"""What the indicators app holds about a person (see `equityhub.core.privacy.registry`).

Data returns belong to the organisation: they stay, with the person's name cleared.
"""

from __future__ import annotations

from equityhub.core.privacy.registry import register_personal_data as held

held("indicators.DataReturn", "uploaded_by", action="detach", what="Data returns you uploaded")
held("indicators.DataReturn", "committed_by", action="detach", what="Data returns you committed")
held(
    "indicators.DataReturn", "rolled_back_by", action="detach", what="Data returns you rolled back"
)
held("indicators.Adoption", "owner", action="detach", what="Indicators you answer for at board")
held("indicators.ApiToken", "user", action="erase", what="Your API keys for pipelines")
held(
    "indicators.ApiToken", "revoked_by", action="detach", what="API keys you revoked", export=False
)
held("indicators.Judgement", "recorded_by", action="detach", what="Judgements you recorded")
held("indicators.Pilot", "created_by", action="detach", what="Pilots you set up")
held("indicators.BoardPaper", "created_by", action="detach", what="Board papers you started")
held("indicators.BoardPaper", "published_by", action="detach", what="Board papers you published")
held(
    "indicators.BoardPaperVersion", "saved_by", action="detach", what="Board paper drafts you saved"
)
held(
    "indicators.StatementNarrative",
    "saved_by",
    action="detach",
    what="Statement narratives you saved",
)
