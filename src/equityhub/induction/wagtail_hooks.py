"""Editors keep the catalogues and the support offer in the content management system."""

from wagtail.snippets.models import register_snippet

from equityhub.induction.models import Activity, Measure, OfferChange, SupportOffer

register_snippet(Activity)
register_snippet(Measure)
register_snippet(SupportOffer)
register_snippet(OfferChange)
