"""Turn Django bound fields into the parameters NHS.UK component macros expect."""

from __future__ import annotations

from typing import Any

from django import forms


def _choice_items(bf: forms.BoundField, *, selected_key: str) -> list[dict[str, Any]]:
    value = bf.value()
    chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    return [
        {"value": str(choice_value), "text": str(label), selected_key: str(choice_value) in chosen}
        for choice_value, label in bf.field.choices  # type: ignore[attr-defined]
    ]


INPUT_TYPES = {
    forms.EmailInput: "email",
    forms.PasswordInput: "password",
    forms.NumberInput: "number",
    forms.URLInput: "url",
    forms.DateInput: "date",
    forms.TimeInput: "time",
    forms.DateTimeInput: "datetime-local",
    forms.ClearableFileInput: "file",
    forms.FileInput: "file",
}


def field_spec(bf: forms.BoundField) -> dict[str, Any]:
    """Describe a bound field: which component, and its value/items."""
    widget = bf.field.widget
    if isinstance(widget, forms.HiddenInput):
        return {"kind": "hidden"}
    if isinstance(widget, forms.Textarea):
        return {"kind": "textarea", "value": bf.value() or "", "rows": widget.attrs.get("rows", 5)}
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return {"kind": "checkboxes", "items": _choice_items(bf, selected_key="checked")}
    if isinstance(widget, forms.RadioSelect):
        return {"kind": "radios", "items": _choice_items(bf, selected_key="checked")}
    if isinstance(widget, forms.Select):
        return {"kind": "select", "items": _choice_items(bf, selected_key="selected")}
    if isinstance(widget, forms.CheckboxInput):
        return {"kind": "checkbox", "checked": bool(bf.value())}
    input_type = next((t for cls, t in INPUT_TYPES.items() if isinstance(widget, cls)), "text")
    value = bf.value()
    if input_type in ("password", "file"):
        value = ""
    return {
        "kind": "input",
        "type": input_type,
        "value": "" if value is None else value,
        "autocomplete": widget.attrs.get("autocomplete"),
        "spellcheck": False if input_type in ("email", "password", "url") else None,
    }


def form_error_list(form: forms.Form) -> list[dict[str, str]]:
    """Error-summary entries, each linking to its field (non-field errors to the form)."""
    items = [{"text": str(error), "href": "#form-errors"} for error in form.non_field_errors()]
    for bf in form:
        for error in bf.errors:
            items.append({"text": str(error), "href": f"#{bf.id_for_label or bf.auto_id}"})
    return items
