"""Fill the English catalogue from the source strings, which are English.

Run by ``make catalogues`` after ``pybabel update``; entries a translator has
already edited are kept.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path("homegym/translations/en/LC_MESSAGES/messages.po")


def main() -> int:
    """Copy each untranslated message id into its English translation."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    filled = 0
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, sort_output=True, omit_header=False, width=88)
    print(f"en: filled {filled} message(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
