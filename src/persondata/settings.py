"""Django settings for persondata, read from environment variables.

Every variable is documented in docs/configuration.md; a test keeps the two
in step. SQLite under ./var/ is the default database; DATABASE_URL switches.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from persondata.lib.crypto import CryptoError, new_key_entry, parse_key_ring
from persondata.lib.envconfig import env_bool, env_int, env_list, env_secret, env_str
from persondata.worker.schedule import parse_clock_time

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("PERSONDATA_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("PERSONDATA_DEBUG", False)
SECRET_KEY = env_secret("PERSONDATA_SECRET_KEY", var_dir=VAR_DIR, filename="secret_key")
# The key for subject pseudonyms in the audit trail (HMAC-SHA256). Changing
# it breaks the link between old and new entries about the same subject.
AUDIT_PSEUDONYM_KEY = env_secret("PERSONDATA_AUDIT_KEY", var_dir=VAR_DIR, filename="audit_key")
ALLOWED_HOSTS = env_list("PERSONDATA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PERSONDATA_CSRF_TRUSTED_ORIGINS", [])

# Largest declaration file accepted, in bytes; a larger one is refused before parsing.
POLICY_MAX_BYTES = env_int("PERSONDATA_POLICY_MAX_BYTES", 2 * 1024 * 1024)

# AES-GCM keys for CPR numbers and sensitive records, newest (current) first:
# [(key id, 32 bytes), ...]. Rotation: put a new key first, then run
# `persondata keys rotate`; keep the old key until it has finished.
try:
    FIELD_ENCRYPTION_KEYS = parse_key_ring(
        env_secret(
            "PERSONDATA_FIELD_KEYS", var_dir=VAR_DIR, filename="field_keys", generate=new_key_entry
        )
    ).as_list()
except CryptoError as exc:
    raise ImproperlyConfigured(f"PERSONDATA_FIELD_KEYS: {exc}") from None
# The key for exact-match digests of CPR numbers (HMAC-SHA256). Changing it
# makes stored digests unfindable until they are computed again.
FIELD_DIGEST_KEY = env_secret(
    "PERSONDATA_FIELD_DIGEST_KEY", var_dir=VAR_DIR, filename="field_digest_key"
)
# Largest file `persondata subjects import` accepts, in bytes; refused before reading.
IMPORT_MAX_BYTES = env_int("PERSONDATA_IMPORT_MAX_BYTES", 1024 * 1024 * 1024)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "persondata.audit",
    "persondata.policy",
    "persondata.subjects",
    "persondata.retention",
    "persondata.rights",
    "persondata.documents",
    "persondata.web",
    "persondata.demo",
    "persondata.worker",
    "persondata.accounts",
    "persondata.consent",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Danish unless the visitor chose English (replaces Django's LocaleMiddleware).
    "persondata.web.language.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The staff and public web (docs/web.md): CSP on every response, the
    # public rate limit, and the access rules of web/staff/permissions.py.
    "persondata.web.security_headers.SecurityHeadersMiddleware",
    "persondata.web.privacy_center.ratelimit_middleware.PublicRateLimitMiddleware",
    "persondata.web.staff.middleware.StaffAccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Staff log in at /staff/login/ with a password, then a TOTP code or a
# recovery code (django-otp). django-axes throttles password guessing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
OTP_TOTP_ISSUER = env_str("PERSONDATA_TOTP_ISSUER", "persondata")
AXES_FAILURE_LIMIT = env_int("PERSONDATA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PERSONDATA_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/staff/locked_out.html"
AXES_VERBOSE = False
# A staff session ends after this many seconds without a request (and
# always after PERSONDATA_SESSION_SECONDS).
SESSION_IDLE_SECONDS = env_int("PERSONDATA_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The public pages' rate limit: requests per address per 10 minutes.
PUBLIC_RATE_LIMIT_POSTS = env_int("PERSONDATA_PUBLIC_POST_LIMIT", 30)
PUBLIC_RATE_LIMIT_GETS = env_int("PERSONDATA_PUBLIC_GET_LIMIT", 600)

ROOT_URLCONF = "persondata.urls"
WSGI_APPLICATION = "persondata.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "persondata.web.privacy_center.links.privacy_center",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'persondata.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db), conn_max_age=env_int("PERSONDATA_DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers
    # queue instead of failing half-way; WAL lets readers run beside them.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends seconds compiling the plan's and the
    # sweep's large scans and gains nothing back on queries of this size.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("PERSONDATA_TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PERSONDATA_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("PERSONDATA_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env_str(
    "PERSONDATA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("PERSONDATA_FROM_EMAIL", "persondata@localhost")
# Where Django's file e-mail backend writes (PERSONDATA_EMAIL_BACKEND set to
# django.core.mail.backends.filebased.EmailBackend; the browser tests use it).
EMAIL_FILE_PATH = env_str("PERSONDATA_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The SMTP server, for PERSONDATA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# (production: verification links, answers, extension notices, reminders).
EMAIL_HOST = env_str("PERSONDATA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PERSONDATA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PERSONDATA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("PERSONDATA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PERSONDATA_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("PERSONDATA_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("PERSONDATA_EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "PERSONDATA_EMAIL_USE_TLS and PERSONDATA_EMAIL_USE_SSL: choose one (STARTTLS on port "
        "587 is USE_TLS, implicit TLS on port 465 is USE_SSL)"
    )
# The public address of the site, for links in e-mails (unsubscribe, privacy center).
PUBLIC_URL = env_str("PERSONDATA_PUBLIC_URL", "http://127.0.0.1:8000")
# Largest body POST /api/v1/marketing/eligibility reads (a million addresses fit in 64 MiB).
ELIGIBILITY_MAX_BYTES = env_int("PERSONDATA_ELIGIBILITY_MAX_BYTES", 64 * 1024 * 1024)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The daily retention sweep that `persondata worker` enqueues (docs/worker.md).
SWEEP_ENABLED = env_bool("PERSONDATA_SWEEP_ENABLED", True)
try:
    SWEEP_TIME = parse_clock_time(env_str("PERSONDATA_SWEEP_TIME", "02:30"))
except ValueError as exc:
    raise ImproperlyConfigured(f"PERSONDATA_SWEEP_TIME: {exc}") from None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PERSONDATA_LOG_LEVEL", "WARNING")},
}
