"""Answers cannot be linked to a person: checked on the schema itself."""

import uuid

from django.db import models

from assessments.models import Answer, Participation, Response
from transformation.models import Invitation, User

FORBIDDEN_TARGETS = {User, Participation, Invitation}


def _fields(model):
    return [field for field in model._meta.get_fields() if field.concrete]


def test_response_and_answer_have_no_link_to_a_person():
    for model in (Response, Answer):
        for field in _fields(model):
            target = field.related_model
            assert target not in FORBIDDEN_TARGETS, f"{model.__name__}.{field.name}"


def test_response_and_answer_store_no_ip_address_or_exact_time():
    for model in (Response, Answer):
        for field in _fields(model):
            assert not isinstance(field, models.GenericIPAddressField), field.name
            assert not isinstance(field, (models.DateTimeField, models.DateField)), field.name
            assert "token" not in field.name and "ip" not in field.name.split("_")


def test_response_and_answer_keys_are_random_not_sequential():
    for model in (Response, Answer):
        pk = model._meta.pk
        assert isinstance(pk, models.UUIDField)
        assert pk.default is uuid.uuid4


def test_participation_records_whether_not_when():
    names = {field.name for field in _fields(Participation)}
    assert "has_answered" in names
    assert not {"answered_at", "submitted_at", "response"} & names
    assert not any(field.related_model is Response for field in _fields(Participation))
