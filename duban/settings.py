"""Django settings, read from the environment so one file serves development and production."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _misconfigured(name: str, value: str, expected: str) -> ImproperlyConfigured:
    # One line naming the variable and the fix: `duban` prints it as is, without a traceback.
    return ImproperlyConfigured(
        f"{name}={value!r} is not valid: it must be {expected}. Fix it in .env or the environment."
    )


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise _misconfigured(name, value, "a whole number") from None


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise _misconfigured(name, value, "a number") from None


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip() or default
    if value not in choices:
        raise _misconfigured(name, value, "one of " + ", ".join(choices))
    return value


def _env_date(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise _misconfigured(name, value, "a date written YYYY-MM-DD") from None
    return value


DEBUG = _env_bool("DUBAN_DEBUG")
DATA_DIR = Path(os.environ.get("DUBAN_DATA_DIR") or BASE_DIR / "var").resolve()


def _secret_key() -> str:
    key = os.environ.get("DUBAN_SECRET_KEY", "").strip()
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DUBAN_SECRET_KEY is not set. Set it to a long random string when DUBAN_DEBUG is off "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(50))"), in .env or the '
            "environment; for development set DUBAN_DEBUG=1 (make demo writes both into .env)."
        )
    # Development only: keep one generated key in the data directory so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    try:
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        return key_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"DUBAN_DATA_DIR: cannot keep the development secret key in {DATA_DIR} ({exc.strerror}). "
            "Point DUBAN_DATA_DIR at a writable folder or set DUBAN_SECRET_KEY, in .env or the environment."
        ) from None


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "duban.accounts",
    "duban.plans",
    "duban.tracking",
    "duban.web",
    "duban.reports",
    "duban.assessment",
    "duban.ops",
    "duban.api",
    # Only for its bundled Swagger UI files: the API docs load nothing from a CDN.
    "ninja",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves static files itself, with DEBUG off too: intranets have no CDN and often no separate web server.
    "duban.web.middleware.StaticFilesMiddleware",
    # NUL bytes and broken multipart bodies answer 400 here, before any view or the database sees them.
    "duban.web.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duban.web.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.ops.logging.WriteLogMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it answers a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "duban" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["duban.web.templatetags.duban_filters"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.web.context_processors.navigation",
            ],
        },
    },
    {
        # Row templates only (`<app>/jinja2/`), drawn in Django pages by `{% jinja %}`: duban/web/jinja.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "duban.web.jinja.environment"},
    },
]

try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{DATA_DIR / 'duban.sqlite3'}",
            conn_max_age=_env_int("DUBAN_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError:
    # Only the scheme is shown: the rest of the URL may hold a password.
    scheme = os.environ.get("DATABASE_URL", "").split(":", 1)[0]
    raise _misconfigured(
        "DATABASE_URL", f"{scheme}:…", "a URL such as postgres://user@host:5432/name"
    ) from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The database file's folder must exist before SQLite opens it (a new DUBAN_DATA_DIR, a fresh clone).
    try:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"DUBAN_DATA_DIR: cannot create {Path(DATABASES['default']['NAME']).parent} ({exc.strerror}). "
            "Point DUBAN_DATA_DIR (or DATABASE_URL) at a writable folder, in .env or the environment."
        ) from None
    # Without WAL a long import would block every reader of the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

AUTHENTICATION_BACKENDS = [
    "duban.accounts.throttle.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = _env_int("DUBAN_LOGIN_FAILURE_LIMIT", 5)
# Thirty failures from one address, whatever the usernames, lock that address (password spraying).
DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT = _env_int("DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = _env_float("DUBAN_LOGIN_COOLOFF_HOURS", 0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lockout counts failures per client address, resolved the same way as the API's rate limit.
AXES_CLIENT_IP_CALLABLE = "duban.lib.addresses.client_address"

# Behind a reverse proxy (DUBAN_BEHIND_PROXY=1) the peer is the proxy: the client's address is then read
# from X-Forwarded-For, trusting only the entries the proxies in DUBAN_TRUSTED_PROXIES added (addresses or
# networks, comma-separated; by default the proxy on this machine). Without a proxy the header is ignored.
DUBAN_BEHIND_PROXY = _env_bool("DUBAN_BEHIND_PROXY")
DUBAN_TRUSTED_PROXIES = [
    network.strip()
    for network in os.environ.get(
        "DUBAN_TRUSTED_PROXIES", "127.0.0.1,::1" if DUBAN_BEHIND_PROXY else ""
    ).split(",")
    if network.strip()
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # duban.web.home: the page each role starts from
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule on passwords: Django's hook for a saved change, which revokes the user's API tokens.
    {"NAME": "duban.accounts.passwords.RevokeTokensOnPasswordChange"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"
# Served from STATIC_ROOT after `duban collectstatic`, else straight from the apps' static folders.
WHITENOISE_USE_FINDERS = True

DUBAN_MAX_UPLOAD_BYTES = _env_int("DUBAN_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# Evidence (佐证材料) attached to reports: stored under MEDIA_ROOT/evidence, limited in size and type.
DUBAN_EVIDENCE_MAX_BYTES = _env_int("DUBAN_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# Uploaded files past 1 MB are streamed to a temporary file, not held in memory; the rest of a request's
# body (forms, JSON) is capped at 5 MB. The reverse proxy caps the whole body (docs/deployment.md).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The API (/api/v1): list pages of 50 by default, 200 at most; requests per token or signed-in user, and per
# address for unauthenticated ones, counted in the cache named by DUBAN_RATE_LIMIT_CACHE.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
DUBAN_API_RATE_LIMIT = os.environ.get("DUBAN_API_RATE_LIMIT", "300/min")
DUBAN_API_ANON_RATE_LIMIT = os.environ.get("DUBAN_API_ANON_RATE_LIMIT", "30/min")
DUBAN_RATE_LIMIT_CACHE = "default"
# One process keeps its counters in memory; several processes should share a cache (e.g. Redis).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("DUBAN_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("DUBAN_CACHE_LOCATION", "duban"),
    }
}
# Pins "today" (YYYY-MM-DD) for demos and training; leave unset in production.
DUBAN_TODAY = _env_date("DUBAN_TODAY")

# Reminders by e-mail go through SMTP; webhook robots need no setting here (a URL per unit).
EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("DUBAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DUBAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("DUBAN_EMAIL_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_EMAIL_FROM", "duban@localhost")

# Every page is served from here, no inline script or style: the policy can be strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Behind an HTTPS-terminating proxy set DUBAN_BEHIND_PROXY=1 so Django trusts X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = _env_bool("DUBAN_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = _env_bool("DUBAN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("DUBAN_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DUBAN_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("DUBAN_HSTS_PRELOAD", True)
    if DUBAN_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One JSON object per line (DUBAN_LOG_FORMAT=json, the default with debug off) for log collectors.
_LOG_FORMAT = _env_choice("DUBAN_LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
_LOG_LEVEL = _env_choice("DUBAN_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "duban.ops.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _LOG_FORMAT}},
    "loggers": {
        "duban": {"handlers": ["console"], "level": _LOG_LEVEL},
        # A page's 500 with its traceback, as the API logs its own (Django prints it only with DEBUG on).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
