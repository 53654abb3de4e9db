"""Read the one-tap forms of an exercise-choices fragment, as a browser would."""

from html.parser import HTMLParser


class ChoiceForms(HTMLParser):
    """Collect each <form>: attributes, hidden fields, exercise name, button text."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.in_button = False
        self.in_name = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "attrs": attrs,
                "fields": {},
                "label": "",
                "name": "",
                "text": "",
            }
        elif self.current is not None and tag == "input":
            self.current["fields"][attrs["name"]] = attrs.get("value", "")
        elif self.current is not None and tag == "button":
            self.in_button = True
            self.current["label"] = attrs.get("aria-label", "")
        elif self.current is not None and attrs.get("class") == "choice-name":
            self.in_name = True

    def handle_endtag(self, tag):
        if tag == "span":
            self.in_name = False
        elif tag == "button":
            self.in_button = False
        elif tag == "form" and self.current is not None:
            self.current["text"] = " ".join(self.current["text"].split())
            self.forms.append(self.current)
            self.current = None

    def handle_data(self, data):
        if self.in_button and self.current is not None:
            self.current["text"] += data
        if self.in_name and self.current is not None:
            self.current["name"] += data


def choice_forms(html: str) -> list[dict]:
    """Return the forms of the fragment in page order."""
    parser = ChoiceForms()
    parser.feed(html)
    return parser.forms


def choice_named(html: str, name: str) -> dict:
    """Return the form whose button adds the exercise called ``name``."""
    found = [form for form in choice_forms(html) if form["name"] == name]
    assert len(found) == 1, choice_names(html)
    return found[0]


def choice_names(html: str) -> list[str]:
    """Return the names of the exercises offered, in order."""
    return [form["name"] for form in choice_forms(html)]
