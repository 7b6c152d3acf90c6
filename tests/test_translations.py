"""The Indonesian catalogue: complete, safe to format, and what a visitor sees by default.

When `test_every_used_message_is_translated` fails, someone added or changed a UI string:
run `make extract-messages`, translate the listed msgids in
marketplace/translations/id/LC_MESSAGES/messages.po (and drop any `#, fuzzy` flag).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = PROJECT_ROOT / "marketplace" / "translations"
ID_PO = TRANSLATIONS / "id" / "LC_MESSAGES" / "messages.po"

# The same keywords as `make extract-messages` (pybabel extract -k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# %(name)s, %(name)d, %s, %5.2f ...; `%%` is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                         r"[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")


def _read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=path.parent.parent.name)


def _compile(po_path: Path) -> None:
    """messages.po -> messages.mo, written atomically (parallel test workers may race)."""
    mo_path = po_path.with_suffix(".mo")
    catalog = _read_catalog(po_path)
    fd, tmp = tempfile.mkstemp(dir=po_path.parent, prefix=".messages-", suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the server may run as another user
        os.replace(tmp, mo_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """`make test` compiles the catalogues first; this covers a bare `pytest` run."""
    for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            _compile(po_path)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _read_catalog(ID_PO)


@pytest.fixture(scope="module")
def used_messages() -> dict[tuple[str, str | None], dict]:
    """Every message the code and templates use, extracted as `make extract-messages` does:
    {(msgid, context): {"plural": msgid_plural or None, "where": [file:line, ...]}}."""
    with (PROJECT_ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    # A template that Jinja cannot parse must fail here, not silently yield no messages.
    strict = {"jinja2": {"silent": "false"}}
    options_map = {
        pattern: {**options_map.get(pattern, {}), **strict.get(method, {})}
        for pattern, method in method_map
    }
    used: dict[tuple[str, str | None], dict] = defaultdict(lambda: {"plural": None, "where": []})
    for filename, lineno, message, _comments, context in extract_from_dir(
        PROJECT_ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        singular, plural = message[:2] if isinstance(message, tuple) else (message, None)
        entry = used[(singular, context)]
        entry["where"].append(f"{filename}:{lineno}")
        if plural:
            entry["plural"] = plural
    assert used, "no messages extracted: is babel.cfg still pointing at marketplace/?"
    return dict(used)


def _placeholders(text: str) -> tuple[set[str], list[str], bool]:
    """(named placeholders, positional placeholders in order, has a stray `%`)."""
    named: set[str] = set()
    positional: list[str] = []
    for m in PLACEHOLDER.finditer(text):
        if m["conv"] == "%":
            continue
        if m["name"] is not None:
            named.add(f"%({m['name']}){m['conv']}")
        else:
            positional.append(f"%{m['conv']}")
    stray = "%" in PLACEHOLDER.sub("", text)
    return named, positional, stray


def test_every_used_message_is_translated(catalog, used_messages):
    problems = []
    for (msgid, context), use in sorted(used_messages.items(), key=lambda kv: kv[0][0]):
        where = ", ".join(sorted(set(use["where"])))
        message = catalog.get(msgid, context=context)
        if message is None:
            problems.append(f"{msgid!r}: not in the catalogue ({where})")
            continue
        if message.fuzzy:
            problems.append(f"{msgid!r}: marked fuzzy ({where})")
        if bool(use["plural"]) != message.pluralizable:
            kind = "ngettext" if use["plural"] else "gettext"
            problems.append(f"{msgid!r}: used with {kind}, the catalogue entry differs ({where})")
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if not strings or not all(s and s.strip() for s in strings):
            problems.append(f"{msgid!r}: no translation ({where})")
    assert not problems, (
        f"{len(problems)} message(s) used by the code are missing from or untranslated in "
        f"{ID_PO.relative_to(PROJECT_ROOT)} (run `make extract-messages`, then translate):\n  "
        + "\n  ".join(problems)
    )


def test_catalogue_uses_indonesian_plural_forms(catalog):
    # CLDR: Indonesian has only the "other" plural category, so one msgstr form. (Babel's
    # gettext table has no entry for `id` and falls back to two forms, which `pybabel init`
    # would write into the header; ngettext would then miss the second form.)
    expected = len(Locale.parse("id").plural_form.tags) + 1
    assert catalog.num_plurals == expected, catalog.plural_forms
    wrong = [
        m.id[0] for m in catalog if m.id and m.pluralizable and len(m.string) != expected
    ]
    assert not wrong, f"plural entries without exactly {expected} msgstr form(s): {wrong}"


def test_translations_keep_the_placeholders(catalog):
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        # With one plural form, msgstr[0] serves "1 day" and "5 days" alike: it needs the
        # placeholders of the plural msgid (English singulars may leave the number out).
        expected_named, expected_positional, _ = _placeholders(ids[-1])
        for index, string in enumerate(strings):
            if not string:
                continue  # reported by the completeness test
            named, positional, stray = _placeholders(string)
            label = f"{ids[0]!r}" + (f" [msgstr[{index}]]" if message.pluralizable else "")
            if named != expected_named:
                problems.append(
                    f"{label}: placeholders {sorted(named)} != {sorted(expected_named)}"
                )
            if positional != expected_positional:
                problems.append(
                    f"{label}: positional placeholders {positional} != {expected_positional}"
                )
            if stray:
                problems.append(f"{label}: a lone '%' in {string!r} (write '%%')")
    assert not problems, "translations that would break formatting:\n  " + "\n  ".join(problems)


def test_source_placeholders_match_between_singular_and_plural(catalog):
    """Not a translation error, but msgstr[0] can only be right if both English forms agree."""
    odd = [
        m.id
        for m in catalog
        if m.id and m.pluralizable and _placeholders(m.id[0])[0] - _placeholders(m.id[1])[0]
    ]
    assert not odd, f"singular has placeholders the plural lacks: {odd}"


def test_pages_speak_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Langsung ke konten" in html
    assert "Skip to content" not in html

    switched = client.get("/lang/en")
    assert switched.status_code == 303

    response = client.get("/")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Langsung ke konten" not in html
