"""Forms of the induction offer. They parse input; services decide what is allowed."""

from __future__ import annotations

from django import forms

from equityhub.indicators.models import FigureTwoClass
from equityhub.induction import answers
from equityhub.induction.models import Focus, Horizon, Theme
from equityhub.induction.models_offer import OfferPart


def _radios(label: str, options: dict[str, str], help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=list(options.items()),
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": f"Answer “{label}”"},
    )


class AssessmentForm(forms.Form):
    """The twelve questions. Every one needs an answer; what was chosen is kept on errors."""

    post = _radios("Which post do you hold on the board?", answers.POST)
    time_in_role = _radios(
        "How long have you been the health inequalities lead?", answers.TIME_IN_ROLE
    )
    background = _radios("What is your professional background?", answers.BACKGROUND)
    organisation_type = _radios("What kind of organisation are you in?", answers.ORGANISATION_TYPE)
    time_available = _radios("How much time can you give to the role?", answers.TIME_AVAILABLE)
    maturity_public_health = _radios(
        "Public health capacity in your organisation", answers.MATURITY
    )
    maturity_data = _radios("Data, insight and evidence on inequalities", answers.MATURITY)
    maturity_leadership = _radios(
        "Strategic leadership and accountability for inequalities", answers.MATURITY
    )
    maturity_partnerships = _radios("Partnerships with the wider system", answers.MATURITY)
    board_roles_clear = _radios(
        "Is it clear who on your board owns which part of the work on inequalities?",
        answers.BOARD_CLARITY,
    )
    wants_buddy = _radios("Would you like a buddy: an experienced lead to talk to?", answers.YES_NO)
    learning_preference = _radios("How do you prefer to learn?", answers.LEARNING_PREFERENCE)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label="Search activities", required=False, max_length=100)
    focus = forms.ChoiceField(
        label="Focus", required=False, choices=[("", "Any focus"), *Focus.choices]
    )
    horizon = forms.ChoiceField(
        label="Horizon", required=False, choices=[("", "Any horizon"), *Horizon.choices]
    )
    theme = forms.ChoiceField(
        label="Theme", required=False, choices=[("", "Any theme"), *Theme.choices]
    )
    co_produced = forms.BooleanField(label="Only activities proposed by leads", required=False)


class ActivityProposalForm(forms.Form):
    name = forms.CharField(label="Name of the activity", max_length=200)
    summary = forms.CharField(
        label="What it is and why it helps",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    steps = forms.CharField(
        label="Practical steps",
        help_text="One step a line.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )
    focus = forms.ChoiceField(label="Focus", choices=Focus.choices, widget=forms.RadioSelect)
    horizon = forms.ChoiceField(label="Horizon", choices=Horizon.choices, widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label="Themes it builds",
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MeasureProposalForm(forms.Form):
    name = forms.CharField(label="Name of the measure", max_length=200)
    figure_two_class = forms.ChoiceField(
        label="Kind of measure", choices=FigureTwoClass.choices, widget=forms.RadioSelect
    )
    definition = forms.CharField(
        label="What it measures", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    how_to_measure = forms.CharField(
        label="How to measure it", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    data_sources = forms.CharField(
        label="Data sources",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label="What would make the role guides better?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Publish it"), ("reject", "Do not accept it")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when you do not accept it. The contributor sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FeedbackForm(forms.Form):
    part = forms.ChoiceField(label="Which part of the offer?", choices=OfferPart.choices)
    rating = forms.TypedChoiceField(
        label="How useful is it?",
        choices=[
            (str(n), f"{n}{' (not useful)' if n == 1 else ' (very useful)' if n == 5 else ''}")
            for n in range(1, 6)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="What would make it better?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class ResponsibilityForm(forms.Form):
    area = forms.CharField(label="Area of work", max_length=200)
    board_member = forms.CharField(label="Board member", max_length=200)
    board_role = forms.CharField(label="Their post on the board", max_length=200, required=False)
