"""The forms of a page, read from its HTML: where they send, and their fields.

The fuzz tests learn each form's field names from the page a person sees,
so a new field is fuzzed without anyone listing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Fields the browser or Django fills in, not the person.
IGNORED = {"csrfmiddlewaretoken", ""}


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select", "textarea" or "file"
    value: str = ""  # what the page fills in (value attribute, selected option, text)
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def multipart(self) -> bool:
        return any(f.kind == "file" for f in self.fields.values())


class FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._option_selected = False
        self._option_text: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            action = attributes.get("hx-post") or attributes.get("action") or self.page_url
            if attributes.get("hx-post"):
                method = "post"
            self._form = Form(action=action, method=method)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name", "")
        if tag == "input" and name not in IGNORED:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            known = self._form.fields.get(name)
            if kind in ("checkbox", "radio"):
                if known is None:
                    known = self._form.fields[name] = Field(name, kind, multiple=kind == "checkbox")
                known.options.append(attributes.get("value", "on"))
                if "checked" in attributes and not known.value:
                    known.value = attributes.get("value", "on")
                    known.checked = True
                return
            if known is None:
                self._form.fields[name] = Field(name, kind, value=attributes.get("value", ""))
        elif tag == "select" and name not in IGNORED:
            self._select = Field(name, "select", multiple="multiple" in attributes)
            self._form.fields.setdefault(name, self._select)
        elif tag == "option" and self._select is not None:
            self._option = attributes.get("value")
            self._option_selected = "selected" in attributes
            if self._option is None:  # the value is the text up to </option>
                self._option, self._option_text = "", ""
            else:
                self._close_option()
        elif tag == "textarea" and name not in IGNORED:
            self._textarea = Field(name, "textarea")
            self._form.fields.setdefault(name, self._textarea)

    def _close_option(self, text: str = ""):
        value = self._option if self._option is not None else text.strip()
        self._select.options.append(value)
        if self._option_selected:
            self._select.value = value
            self._select.checked = True  # the page chose it
        elif not self._select.checked and not self._select.value and value:
            self._select.value = value  # the first real choice
        self._option = None
        self._option_selected = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._select is not None and self._option == "" and self._option_text is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option_text is not None:
            self._option = None
            self._close_option(self._option_text)
            self._option_text = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms
