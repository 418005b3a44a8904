from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "equityhub.library"
    label = "library"
    verbose_name = "Library"
