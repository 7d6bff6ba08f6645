"""The interactive documentation, offline and within the site's CSP.

Swagger UI comes from django-ninja's own static files (no CDN); the page has no inline script: the settings
travel in a JSON data block that django-ninja's static swagger-ui-init.js reads.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(DocsBase):
    """Swagger UI served by Duban itself."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "persistAuthorization": False,
        }
        context = {"swagger_settings": json.dumps(settings), "api": api}
        return render(request, self.template, context)
