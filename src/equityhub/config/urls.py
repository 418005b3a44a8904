"""Top-level URLs: one include per app, Wagtail and the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from equityhub.config.api import api

handler400 = "equityhub.core.views.bad_request"
handler403 = "equityhub.core.views.permission_denied"
handler404 = "equityhub.core.views.page_not_found"
handler500 = "equityhub.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("equityhub.core.urls")),
    path("accounts/sso/", include("equityhub.people.sso.urls")),
    path("accounts/mfa/", include("equityhub.people.mfa.urls")),
    path("people/", include("equityhub.people.urls")),
    path("induction/", include("equityhub.induction.urls")),
    path("library/", include("equityhub.library.urls")),
    path("learning/", include("equityhub.learning.urls")),
    path("indicators/", include("equityhub.indicators.urls")),
    path("api/", api.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.urls import re_path

    from equityhub.config.media import serve_public_media

    # Development only, and never the private folder (see config.media).
    media = settings.MEDIA_URL.strip("/")
    urlpatterns.append(re_path(rf"^{media}/(?P<path>.*)$", serve_public_media))

# Wagtail serves the pages it manages (library content) last.
urlpatterns.append(path("pages/", include(wagtail_urls)))
