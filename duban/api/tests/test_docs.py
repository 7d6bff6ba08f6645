"""The OpenAPI document and the interactive docs, offline and within the site's CSP."""

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_openapi_document_describes_the_api(db):
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "督办 Duban API"
    assert "/api/v1/tasks" in schema["paths"]
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_docs_page_loads_only_local_scripts_under_a_strict_csp(db):
    response = Client().get("/api/v1/docs")
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    executable = [(attrs, body) for attrs, body in scripts if 'type="application/json"' not in attrs]
    assert executable, "Swagger UI's scripts are missing"
    assert all(body.strip() == "" for _, body in executable), "inline script found"
    for source in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), f"{source} is not served by Duban"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_every_operation_has_a_chinese_title_description_and_tag(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]

    untitled = [name for name, op in operations if not _has_chinese(op.get("summary", ""))]
    undescribed = [name for name, op in operations if not _has_chinese(op.get("description", ""))]
    untagged = [
        name for name, op in operations if not op.get("tags") or not all(map(_has_chinese, op["tags"]))
    ]
    assert not untitled, f"operations without a Chinese summary: {untitled}"
    assert not undescribed, f"operations without a Chinese description: {undescribed}"
    assert not untagged, f"operations without Chinese tags: {untagged}"
    titles = [op["summary"] for _, op in operations]
    assert len(titles) == len(set(titles)), "two operations share a title"
