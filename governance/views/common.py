from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from governance.models import UseCase


def render_page(request, template, context, *, partial=None, status=200):
    """Render a page, or only its `partial` block for htmx requests."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def use_case_for_reading(pk: int) -> UseCase:
    return get_object_or_404(UseCase.objects.for_register(), pk=pk)


def use_case_for_editing(request, pk: int) -> UseCase:
    """The use case if the member may change it: 404 elsewhere, 403 for other departments."""
    use_case = use_case_for_reading(pk)
    if not use_case.editable_by(request.membership):
        raise PermissionDenied
    return use_case
