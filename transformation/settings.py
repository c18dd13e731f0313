"""Settings for every environment, configured by environment variables.

With none set, the app runs on embedded defaults (SQLite, local-memory cache,
Celery tasks queued as files for the worker that `make run` starts, e-mail on
the console). DATABASE_URL and REDIS_URL switch to PostgreSQL, Redis and real
workers; DJANGO_ENV=production turns on the production hardening.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from transformation.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_choice("DJANGO_ENV", "development", {"development", "production"})
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

SECRET_KEY = env_str(
    "SECRET_KEY",
    "django-insecure-development-only-key-never-use-in-production",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"], required=PRODUCTION
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "transformation.views.core.csrf_failure"

INSTALLED_APPS = [
    "transformation.apps.TransformationConfig",
    "assessments.apps.AssessmentsConfig",
    "roi.apps.RoiConfig",
    "governance.apps.GovernanceConfig",
    "casestudies.apps.CasestudiesConfig",
    "adoption.apps.AdoptionConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "transformation.identity.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "transformation.middleware.MethodNotAllowedPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "transformation.identity.middleware.IdentityMiddleware",
    "transformation.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "transformation.urls"
WSGI_APPLICATION = "transformation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "transformation.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL is given.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DATABASE_POOL", True
    ):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 1, minimum=0),
            "max_size": env_int("DATABASE_POOL_MAX", 10, minimum=1),
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, broker and workers: Redis when REDIS_URL is given.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "transformation",
            # Fail fast when Redis is down: throttles then fall back to a
            # per-process count (transformation.identity.counters).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # No server either: tasks are files in TASK_QUEUE_DIR, read by the worker
    # that `manage.py run_with_worker` (`make run`) starts beside runserver, so
    # a request never waits for a report (tests run tasks in-process).
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 5
# An unacknowledged task (its worker died) is delivered again after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2, minimum=5
    )
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    TASK_QUEUE_DIR = Path(env_str("TASK_QUEUE_DIR", str(BASE_DIR / "var" / "tasks")))
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(TASK_QUEUE_DIR / "messages"),
        "data_folder_out": str(TASK_QUEUE_DIR / "messages"),
        "control_folder": str(TASK_QUEUE_DIR / "control"),
    }
CELERY_TIMEZONE = "Europe/Berlin"
# A worker and beat that share a queue other than the default (tests, split deployments).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Apps add their periodic tasks to this schedule from their own settings block below.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}

# Authentication
AUTH_USER_MODEL = "transformation.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)
# Rows per page of every list that grows with the organisation (transformation/lists.py).
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 50, minimum=5)

# django-allauth: e-mail login, single sign-on per organisation (OpenID Connect
# and SAML, configured in the app by each coordinator) and second factors.
ACCOUNT_ADAPTER = "transformation.identity.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "transformation.identity.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "transformation.identity.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PREVENT_ENUMERATION = True
# Password failures and reset mails are throttled by transformation.identity
# (by the real client address and the account, with growing delays, never a
# hard lock); allauth's per-e-mail lock-out is exactly what an attacker abuses.
# allauth's "login_failed" limit then only guards second-factor codes, per
# account: only someone who already has the password can use it up.
ACCOUNT_RATE_LIMITS = {
    "login": False,
    "login_failed": "5/300s/key",
    "reset_password": False,
    "signup": False,
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "AI programme")
# Addresses are proven by the invitation link or the company's identity provider.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False)

# Client addresses: behind N reverse proxies the real address is the N-th entry
# from the right of X-Forwarded-For (each proxy appends the address it saw).
# Behind the README's TLS proxy that is one proxy unless configured otherwise.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0, minimum=0
)

# Login throttling with growing delays (1 s, 2 s, 4 s … up to the maximum)
# instead of a lock: per account and client address, per client address, per
# account from devices it never signed in from, and per known device.
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5, minimum=1)
LOGIN_ACCOUNT_FREE_FAILURES = env_int("LOGIN_ACCOUNT_FREE_FAILURES", 20, minimum=1)
LOGIN_ADDRESS_FREE_FAILURES = env_int("LOGIN_ADDRESS_FREE_FAILURES", 30, minimum=1)
LOGIN_MAX_DELAY_SECONDS = env_int("LOGIN_MAX_DELAY_MINUTES", 15, minimum=1) * 60
KNOWN_DEVICE_DAYS = env_int("KNOWN_DEVICE_DAYS", 180, minimum=1)
# Mails a stranger can trigger: per target address and per client address or sender.
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3, minimum=1)
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 30, minimum=1)
INVITATIONS_PER_ADDRESS_PER_DAY = env_int("INVITATIONS_PER_ADDRESS_PER_DAY", 3, minimum=1)
INVITATIONS_PER_SENDER_PER_HOUR = env_int("INVITATIONS_PER_SENDER_PER_HOUR", 60, minimum=1)

# The public survey pages (assessments.public_urls, mounted at /s/ in urls.py)
# are anonymous by design: they never read or write a session, so the user
# there is anonymous without a query even in a browser signed in to the app.
SESSIONLESS_PATH_PREFIXES = ("/s/",)

# Sessions end after a period without activity; background refreshes (polling)
# do not count as activity.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 120, minimum=5) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Browser features the product never uses; passkeys need the WebAuthn ones.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "hid": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("nl", _("Dutch"))]
LOCALE_PATHS = [
    BASE_DIR / "transformation" / "locale",
    BASE_DIR / "assessments" / "locale",
    BASE_DIR / "roi" / "locale",
    BASE_DIR / "governance" / "locale",
    BASE_DIR / "casestudies" / "locale",
    BASE_DIR / "adoption" / "locale",
]
# English dates as written in Europe (day first); German and Dutch use Django's own.
FORMAT_MODULE_PATH = ["transformation.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static and uploaded files
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_SMTP_HOST = env_str("EMAIL_HOST", required=PRODUCTION)
if EMAIL_SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_SMTP_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AI programme <noreply@localhost>")

# Security: a strict Content-Security-Policy everywhere (no inline scripts or
# styles); the production block adds HTTPS-only cookies and HSTS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container's own health check speaks plain HTTP inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Board reports: a queued report nobody picked up (the broker was down) and a
# running one whose worker died are sent again by beat every REPORT_SWEEP_SECONDS;
# with the defaults a report is back in production within two minutes.
REPORT_QUEUED_GRACE_SECONDS = env_int("REPORT_QUEUED_GRACE_SECONDS", 60, minimum=5)
REPORT_LEASE_SECONDS = env_int("REPORT_LEASE_SECONDS", 90, minimum=10)
REPORT_SWEEP_SECONDS = env_int("REPORT_SWEEP_SECONDS", 30, minimum=5)

# Domain settings every app reads.
SURVEY_MIN_GROUP_SIZE = env_int("SURVEY_MIN_GROUP_SIZE", 5, minimum=3)
SURVEY_MIN_COMMENT_GROUP_SIZE = env_int("SURVEY_MIN_COMMENT_GROUP_SIZE", 10, minimum=3)
SURVEY_RETENTION_MONTHS = env_int("SURVEY_RETENTION_MONTHS", 24, minimum=1)
# Public answering pages: requests per minute per personal link, per kiosk code
# and per wave, never per client address (a whole office answers from behind
# one NAT address); unknown links and codes are limited per client address.
SURVEY_LINK_RATE_PER_MINUTE = env_int("SURVEY_LINK_RATE_PER_MINUTE", 60, minimum=1)
SURVEY_KIOSK_RATE_PER_MINUTE = env_int("SURVEY_KIOSK_RATE_PER_MINUTE", 600, minimum=1)
SURVEY_WAVE_RATE_PER_MINUTE = env_int("SURVEY_WAVE_RATE_PER_MINUTE", 3000, minimum=1)
SURVEY_UNKNOWN_LINK_RATE_PER_MINUTE = env_int("SURVEY_UNKNOWN_LINK_RATE_PER_MINUTE", 30, minimum=1)

# Deadlines and notifications: how often beat refreshes them and plans sends,
# the local hour (organisation time) from which digests and channel posts go
# out, how long a claimed send may take, and whether channel webhooks may
# point at private addresses (tests and closed networks only).
NOTIFICATION_CYCLE_SECONDS = env_int("NOTIFICATION_CYCLE_SECONDS", 900, minimum=1)
NOTIFICATION_DIGEST_HOUR = env_int("NOTIFICATION_DIGEST_HOUR", 7, minimum=0)
NOTIFICATION_SEND_LEASE_SECONDS = env_int("NOTIFICATION_SEND_LEASE_SECONDS", 120, minimum=5)
NOTIFICATION_WEBHOOK_ALLOW_PRIVATE = env_bool("NOTIFICATION_WEBHOOK_ALLOW_PRIVATE", False)
# Links in e-mails sent by workers, which have no request to build them from.
SITE_URL = env_str(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000",
)

CELERY_BEAT_SCHEDULE.update(
    {
        "clear-expired-sessions": {
            "task": "transformation.tasks.clear_expired_sessions",
            "schedule": crontab(minute=17, hour=3),
        },
        "resend-stalled-board-reports": {
            "task": "transformation.tasks.resend_stalled_board_reports",
            "schedule": REPORT_SWEEP_SECONDS,
        },
        "resend-pending-mail": {
            "task": "transformation.tasks.resend_pending_mail",
            "schedule": timedelta(minutes=1),
        },
        "resend-stalled-information-packs": {
            "task": "governance.tasks.resend_stalled_information_packs",
            "schedule": REPORT_SWEEP_SECONDS,
        },
        "monthly-board-reports": {
            "task": "transformation.tasks.request_monthly_board_reports",
            "schedule": crontab(minute=0, hour=6, day_of_month=1),
        },
        "assessments-start-pulse-waves": {
            "task": "assessments.tasks.start_due_pulse_waves",
            "schedule": crontab(minute=5),
        },
        # Personal waves invite their audience when they open, not when they are created.
        "assessments-open-due-waves": {
            "task": "assessments.tasks.open_due_waves",
            "schedule": crontab(minute="*/5"),
        },
        # Invitations whose message the broker could not take (it was down).
        "assessments-send-pending-invitations": {
            "task": "assessments.tasks.send_pending_invitations",
            "schedule": crontab(minute="*/5"),
        },
        "assessments-send-reminders": {
            "task": "assessments.tasks.send_due_reminders",
            "schedule": crontab(minute=35, hour="8-16"),
        },
        "notifications-cycle": {
            "task": "transformation.tasks.run_notification_cycle",
            "schedule": timedelta(seconds=NOTIFICATION_CYCLE_SECONDS),
        },
        "assessments-delete-expired-answers": {
            "task": "assessments.tasks.delete_expired_answers",
            "schedule": crontab(minute=47, hour=2),
        },
        # Answers not mixed right after answering (see assessments.services.mixing).
        "assessments-mix-answers": {
            "task": "assessments.tasks.mix_waiting_answers",
            "schedule": timedelta(minutes=1),
        },
        # Result releases are made by workers, never by readers: this sweep queues one
        # for open waves with waiting answers and closed waves without their final release.
        "assessments-release-results": {
            "task": "assessments.tasks.release_waiting_results",
            "schedule": timedelta(minutes=1),
        },
    }
)
