"""gunicorn settings: `gunicorn -c python:duban.ops.gunicorn_conf duban.wsgi` (docs/deployment.md).

X-Forwarded-* is trusted from exactly the proxies Django trusts (DUBAN_BEHIND_PROXY, DUBAN_TRUSTED_PROXIES):
gunicorn's own default would trust 127.0.0.1 even where no proxy is meant to stand.
"""

from __future__ import annotations

import os

from django.conf import settings

# Read lazily from Duban's settings module, as the WSGI application will (duban/wsgi.py).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")

bind = os.environ.get("DUBAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DUBAN_WORKERS", str(2 * (os.cpu_count() or 1))))
# A worker is replaced after about a thousand requests, at staggered moments, so memory one large import
# took is given back and the workers never all restart at once.
max_requests = int(os.environ.get("DUBAN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# An import or an export may take tens of seconds; nothing legitimate takes two minutes.
timeout = int(os.environ.get("DUBAN_WORKER_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Request line and headers stay small; bodies are capped by the proxy and Django (docs/deployment.md).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = ",".join(settings.DUBAN_TRUSTED_PROXIES) if settings.DUBAN_BEHIND_PROXY else ""
# Access lines go to standard output beside Duban's JSON log lines; errors to standard error.
accesslog = "-"
errorlog = "-"
