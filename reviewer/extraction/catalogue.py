"""The forms of a review: those its review.toml defines, and the built-in risk-of-bias tools."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer.extraction import rob2, robins_i
from reviewer.extraction.forms import Form, FormError, read_forms
from reviewer.extraction.templates import TEMPLATES
from reviewer.persistence.atomic import write_atomically
from reviewer.review.folder import Review

BUILT_IN = (rob2.FORM, robins_i.FORM)
TOOLS = {"rob2": rob2, "robins-i": robins_i}


def forms_of(review: Review) -> tuple[Form, ...]:
    """The review's own forms, then the built-in ones; FormError names review.toml's line
    where a form is not right (the bundled sample has only the built-in ones)."""
    path = review.root / "review.toml"
    own: tuple[Form, ...] = ()
    if not review.is_sample and path.exists():
        data, text = _read(path)
        own = read_forms(data, text, str(path))
        for name in _form_files(review, data, path):
            more = read_forms(*_read(review.root / name), str(review.root / name))
            twice = {form.key for form in own} & {form.key for form in more}
            if twice:
                raise FormError(f"{review.root / name}: the form key {sorted(twice)[0]!r} is used twice")
            own += more
    taken = {form.key for form in own} & {form.key for form in BUILT_IN}
    if taken:
        raise FormError(f"{path}: the form key {sorted(taken)[0]!r} is a built-in tool's: name it otherwise")
    return own + BUILT_IN


FORMS_DIR = "forms"  # where review.toml's `form_files` are: beside it, shared by sync


def _read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise FormError(f"{path}: {error}") from None


def _form_files(review: Review, data: dict, path: Path) -> list[str]:
    """The files review.toml names for more forms (`form_files = ["forms/pico.toml"]`): each in
    the forms/ folder beside it, which sync shares with the team."""
    names = data.get("form_files", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise FormError(f'{path}: form_files must be a list of file names, as ["forms/pico.toml"]')
    folder = (review.root / FORMS_DIR).resolve()
    for name in names:
        file = (review.root / name).resolve()
        if file.parent != folder:
            raise FormError(f"{path}: form_files: {name!r} is not in the review's {FORMS_DIR}/ folder")
        if not file.is_file():
            raise FormError(f"{path}: form_files: {name} is not there")
    return names


def form_of(review: Review, key: str) -> Form:
    """The form `key` (a built-in tool even when one of the review's own forms is not right)."""
    built_in = next((form for form in BUILT_IN if form.key == key), None)
    if built_in is not None:
        return built_in
    forms = forms_of(review)
    found = next((form for form in forms if form.key == key), None)
    if found is None:
        raise FormError(f"no form {key!r}: the forms are {', '.join(form.key for form in forms)}")
    return found


def judgements(form: Form, values: Mapping[str, Any]) -> dict[str, str]:
    """A risk-of-bias form's judgements (domains and overall) from its answers; none for others."""
    tool = TOOLS.get(form.tool)
    return tool.judgements({k: v for k, v in values.items() if isinstance(v, str)}) if tool else {}


def overrides(form: Form, field: str) -> bool:
    """Whether answering `field` overrides a judgement the tool derives (RoB 2's domains and
    overall; ROBINS-I's overall: its domains are judged by the assessors): it needs a reason."""
    tool = TOOLS.get(form.tool)
    return tool is not None and (field == "overall" or (form.tool == "rob2" and field in rob2.DOMAINS))


def add_template(review: Review, name: str) -> Form:
    """Append the template `name` to review.toml (its comments and layout kept) and return it."""
    if name not in TEMPLATES:
        raise FormError(f"no template {name!r}: the templates are {', '.join(TEMPLATES)}")
    path: Path = review.root / "review.toml"
    text = path.read_text(encoding="utf-8")
    key = tomllib.loads(TEMPLATES[name])["forms"][0]["key"]
    if any(form.key == key for form in forms_of(review)):
        raise FormError(f"{path}: a form {key!r} is already there")
    write_atomically(path, (text.rstrip("\n") + "\n" + TEMPLATES[name]).encode("utf-8"))
    return form_of(review, key)
