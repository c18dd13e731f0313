from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from governance import permissions
from governance.models import UseCase


def use_case_for_reading(pk: int) -> UseCase:
    return get_object_or_404(UseCase.objects.for_register(), pk=pk)


def use_case_for_editing(request, pk: int) -> UseCase:
    """The use case if the member may change it: 404 elsewhere, 403 for other departments."""
    use_case = use_case_for_reading(pk)
    permissions.edit_use_case.require(request.membership, use_case)
    return use_case


def attach_service_error(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, beside the field it concerns."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)
