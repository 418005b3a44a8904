from datetime import timedelta

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "equityhub.library"
    label = "library"
    verbose_name = "Library"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from equityhub.core.backup.archive import register_rebuilt_table
        from equityhub.core.demo import register_demo_loader
        from equityhub.core.home import register_home_provider
        from equityhub.core.notifications import register_notification_kind
        from equityhub.core.scheduler import register_periodic_job
        from equityhub.library import (  # noqa: F401
            certificates,
            home,
            home_editor,
            new_for_me,
            permissions,
            search_index,
            services,
            tasks,
        )

        post_save.connect(search_index.page_saved, dispatch_uid="library.search_documents")
        from equityhub.library.models import LibraryItem
        from equityhub.library.taxonomy import Audience, Topic, forget_choices

        for model in (Topic, Audience):
            uid = f"library.choices.{model.__name__}"
            for signal in (post_save, post_delete):
                signal.connect(forget_choices, sender=model, dispatch_uid=uid)
        for relation in search_index.LINK_COLUMNS:
            m2m_changed.connect(
                search_index.links_changed,
                sender=getattr(LibraryItem, relation).through,
                dispatch_uid=f"library.search_documents.{relation}",
            )
        register_rebuilt_table("library.SearchDocument", search_index.rebuild_search_documents)

        for kind, label in services.NOTIFICATION_KINDS.items():
            register_notification_kind(kind, label)
        register_notification_kind(
            new_for_me.NEW_FOR_ME_KIND, "New library items on your topics and for your role"
        )
        register_notification_kind(certificates.CERTIFICATE_KIND, "Pathway certificates")
        register_home_provider("library", home.library_section)
        register_home_provider("library.editor", home_editor.editor_section)

        def load_demo(password: str) -> list[tuple[str, str, str]]:
            from equityhub.library.demo import load

            return load(password)

        register_demo_loader("library", load_demo, order=60)
        _periodic_review_on_library_items()
        register_periodic_job(
            "library.review_reminders",
            every=timedelta(days=7),
            enqueue=lambda: tasks.send_review_reminders.enqueue(),
        )
        register_periodic_job(
            "library.new_for_me",
            every=timedelta(days=7),
            enqueue=lambda: tasks.send_new_for_me_task.enqueue(),
        )
        register_periodic_job(
            "library.check_links",
            every=timedelta(days=7),
            enqueue=lambda: tasks.check_links_task.enqueue(),
        )


# The package offers no setting for this, so its module-level function is replaced: the version
# is pinned exactly in pyproject.toml and tests/library/test_pinned_libraries.py fails on another.
PERIODIC_REVIEW_VERSION = "0.6.0"


def _periodic_review_on_library_items() -> None:
    """wagtail-periodic-review 0.6 reaches each of its page models from Page by the model's own
    name (``resource__last_review_date``), which only works for direct children of Page; ours
    inherit through LibraryItem, so its report and dashboard panels failed. They are told about
    LibraryItem alone (which covers resources, case studies and pathways); the review frequency
    is then the package's default, 12 months, for every item."""
    from wagtail_periodic_review import filters, utils

    from equityhub.library.models import LibraryItem

    def library_items_only() -> list[type]:
        return [LibraryItem]

    utils.get_periodic_review_models = library_items_only
    filters.get_periodic_review_models = library_items_only
