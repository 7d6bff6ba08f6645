"""Forms of the task page's documents (出台文件): record one as issued, add one, let 办结 through first."""

from __future__ import annotations

from django import forms

from duban.tracking import errors
from duban.tracking.forms import DATE_INVALID, error_to_field

_FIELD_OF_MESSAGE = {
    errors.DOCUMENT_NUMBER_REQUIRED: "doc_number",
    errors.DOCUMENT_DATE_REQUIRED: "issued_on",
    errors.DOCUMENT_FILE_REQUIRED: "files",
    errors.DOCUMENT_ONE_FILE: "files",
    errors.DOCUMENT_TITLE_REQUIRED: "title",
    errors.REASON_REQUIRED: "reason",
}


def document_error_to_field(form: forms.Form, message: str) -> None:
    """Show a documents service's refusal beside its field (the date's and files' by their wording too)."""
    field = _FIELD_OF_MESSAGE.get(message)
    if field is None and message.startswith("印发日期"):
        field = "issued_on"
    if field is not None and field in form.fields:
        form.add_error(field, message)
    else:
        error_to_field(form, message)


class DocumentIssueForm(forms.Form):
    """Record a document as issued (已出台): 文号, 印发日期 and the issued file."""

    doc_number = forms.CharField(
        label="文号",
        max_length=100,
        error_messages={"required": errors.DOCUMENT_NUMBER_REQUIRED},
        widget=forms.TextInput(attrs={"placeholder": "如 台教发〔2025〕12号"}),
    )
    issued_on = forms.DateField(
        label="印发日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": errors.DOCUMENT_DATE_REQUIRED, "invalid": DATE_INVALID},
    )
    # Named as the evidence inputs are, so the upload checks' messages land beside it.
    files = forms.FileField(label="印发文件", required=False)  # type: ignore[assignment]


class DocumentAddForm(forms.Form):
    """The supervisor adds a document the task must issue."""

    title = forms.CharField(
        label="文件名称", max_length=300, error_messages={"required": errors.DOCUMENT_TITLE_REQUIRED}
    )


class DocumentReasonForm(forms.Form):
    """A reason: for letting 办结 through before the documents are issued, or for undoing a record."""

    reason = forms.CharField(
        label="理由",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": errors.REASON_REQUIRED},
    )
