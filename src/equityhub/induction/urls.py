from django.urls import path

from equityhub.induction import views, views_coproduction, views_offer, views_plan

app_name = "induction"

urlpatterns = [
    path("", views.index, name="index"),
    path("activities/", views.activities, name="activities"),
    path("activities/list/", views.activity_list, name="activity-list"),
    path("activities/<slug:slug>/", views.activity_detail, name="activity"),
    path("activities/<slug:slug>/adopt/", views.activity_adopt, name="activity-adopt"),
    path("activities/<slug:slug>/endorse/", views.activity_endorse, name="activity-endorse"),
    path("activities/<slug:slug>/comment/", views.activity_comment, name="activity-comment"),
    path("measures/", views.measures, name="measures"),
    path("measures/<slug:slug>/", views.measure_detail, name="measure"),
    path("measures/<slug:slug>/endorse/", views.measure_endorse, name="measure-endorse"),
    path("measures/<slug:slug>/comment/", views.measure_comment, name="measure-comment"),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("assessment/", views_plan.assessment, name="assessment"),
    path("plan/", views_plan.plan, name="plan"),
    path("plan/items/<int:pk>/", views_plan.plan_item_mark, name="plan-item"),
    path("plan/induction-pack.pdf", views_plan.pack_pdf, name="pack"),
    path("propose/", views_coproduction.propose, name="propose"),
    path("propose/activity/", views_coproduction.propose_activity, name="propose-activity"),
    path("propose/measure/", views_coproduction.propose_measure, name="propose-measure"),
    path("propose/guide/", views_coproduction.propose_guide_change, name="propose-guide"),
    path("moderation/", views_coproduction.moderation, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/", views_coproduction.decide, name="decide"),
    path("support/", views_offer.support, name="support"),
    path("feedback/", views_offer.feedback, name="feedback"),
    path("board/<str:code>/", views_offer.board_map, name="board-map"),
    path("board/rows/<int:pk>/remove/", views_offer.board_map_remove, name="board-map-remove"),
    path("board-kit/", views_offer.board_kit, name="board-kit"),
]
