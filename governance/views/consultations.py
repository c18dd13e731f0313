"""Works-council consultation of a use case, agreements, and the information pack."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import permissions
from governance.duty_forms import (
    ConsultationDocumentForm,
    ConsultationForm,
    PackLanguageForm,
    WorksAgreementForm,
)
from governance.models import (
    Consultation,
    ConsultationDocument,
    InformationPack,
    PackStatus,
    WorksAgreement,
)
from governance.services import consultations as services
from governance.services import information_pack as packs
from governance.views.common import (
    attach_service_error,
    use_case_for_editing,
    use_case_for_reading,
)
from transformation.htmx import render_page
from transformation.permissions import permission_required


def _consultation_page(request, use_case, form=None, document_form=None, status=200):
    requirement = services.requirement_for(use_case)
    can_edit = permissions.edit_use_case(request.membership, use_case)
    record = requirement.consultation
    context = {
        "use_case": use_case,
        "requirement": requirement,
        "duties": services.duty_rows(requirement),
        "consultation": record,
        "documents": record.documents.all() if record else [],
        "can_edit": can_edit,
        "form": form or ConsultationForm(instance=record),
        "document_form": document_form or ConsultationDocumentForm(),
        "pack_form": PackLanguageForm(initial={"language": use_case.organisation.default_language}),
        "packs": InformationPack.objects.filter(use_case=use_case)[:5],
        "languages": settings.LANGUAGES,
    }
    return render(request, "governance/consultation.html", context, status=status)


@permission_required(permissions.view_register)
def consultation(request, org, pk):
    """The duties and the record; saving it needs `edit_use_case` for this use case."""
    if request.method != "POST":
        return _consultation_page(request, use_case_for_reading(pk))
    use_case = use_case_for_editing(request, pk)
    record = Consultation.objects.filter(use_case=use_case).first()
    form = ConsultationForm(request.POST, instance=record)
    if form.is_valid():
        try:
            services.save_consultation(
                use_case=use_case, actor=request.user, values=form.cleaned_data
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect("governance:consultation", org=org, pk=pk)
    return _consultation_page(request, use_case, form=form, status=422)


@require_POST
@permission_required(permissions.edit_use_case)
def consultation_document_add(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    record = Consultation.objects.filter(use_case=use_case).first()
    if record is None:
        messages.error(request, _("Save the consultation record first."))
        return redirect("governance:consultation", org=org, pk=pk)
    form = ConsultationDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _consultation_page(request, use_case, document_form=form, status=422)
    services.add_consultation_document(
        consultation=record,
        actor=request.user,
        title=form.cleaned_data["title"],
        upload=form.cleaned_data["file"],
    )
    messages.success(request, _("Document added."))
    return redirect("governance:consultation", org=org, pk=pk)


@permission_required(permissions.view_register)
def consultation_document(request, org, pk):
    document = get_object_or_404(ConsultationDocument, pk=pk)
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{document.title}.{extension}"
    )


@permission_required(permissions.view_agreements)
def agreements(request, org):
    context = {"agreements": WorksAgreement.objects.prefetch_related("consultations__use_case")}
    return render(request, "governance/agreements.html", context)


@permission_required(permissions.manage_agreements)
def agreement_edit(request, org, pk=None):
    agreement = get_object_or_404(WorksAgreement, pk=pk) if pk else None
    form = WorksAgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.save_works_agreement(
                organisation=request.organisation,
                actor=request.user,
                agreement=WorksAgreement.objects.get(pk=pk) if pk else None,
                values=values,
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("governance:agreements", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "agreement": agreement}
    return render(request, "governance/agreement_form.html", context, status=status)


@permission_required(permissions.view_agreements)
def agreement_document(request, org, pk):
    agreement = get_object_or_404(WorksAgreement.objects.exclude(document=""), pk=pk)
    extension = agreement.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=f"{agreement.reference}.{extension}".replace("/", "-"),
    )


@permission_required(permissions.view_register)
def information_pack(request, org, pk):
    """The pack as a page, in the language chosen (the reader's by default)."""
    use_case = use_case_for_reading(pk)
    form = PackLanguageForm(request.GET or None)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE
    context = {
        "use_case": use_case,
        "pack": packs.render_pack_html(use_case, language, standalone=False),
        "pack_language": language,
        "languages": settings.LANGUAGES,
    }
    return render(request, "governance/information_pack.html", context)


@require_POST
@permission_required(permissions.edit_use_case)
def information_pack_request(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    form = PackLanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose English, German or Dutch."))
        return redirect("governance:consultation", org=org, pk=pk)
    pack = packs.request_information_pack(
        use_case=use_case, actor=request.user, language=form.cleaned_data["language"]
    )
    messages.success(request, _("The PDF has been requested."))
    return redirect("governance:information_pack_status", org=org, public_id=pack.public_id)


@permission_required(permissions.view_register)
def information_pack_status(request, org, public_id):
    pack = get_object_or_404(
        InformationPack.objects.select_related("use_case"), public_id=public_id
    )
    return render_page(
        request, "governance/information_pack_status.html", {"pack": pack}, partial="status"
    )


@permission_required(permissions.view_register)
def information_pack_download(request, org, public_id):
    pack = get_object_or_404(InformationPack, public_id=public_id, status=PackStatus.DONE)
    if not pack.file:
        raise Http404
    return FileResponse(pack.file.open("rb"), as_attachment=True, filename=pack.download_name)
