"""Work out at login whether the person still has to set up a second factor.

The receivers are connected in transformation/plugins.py's register().
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from transformation.identity.middleware import SECOND_FACTOR_MISSING
from transformation.identity.services import requires_second_factor

FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=FACTORS).exists()


def check_second_factor(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if requires_second_factor(user) and not has_second_factor(user):
        request.session[SECOND_FACTOR_MISSING] = True
    else:
        request.session.pop(SECOND_FACTOR_MISSING, None)


def second_factor_added(sender, request, user, authenticator, **kwargs) -> None:
    if request is not None and authenticator.type in FACTORS:
        request.session.pop(SECOND_FACTOR_MISSING, None)
