"""Identity and access: client addresses, throttles, single sign-on per
organisation, second-factor policy and session rules.

Kept apart from the rest of the core so the allauth wiring lives in one place.
"""
