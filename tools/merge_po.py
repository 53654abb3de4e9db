"""Fill a catalogue's missing translations from PO fragments (after `make catalogues`).

Helpers and branches write the German for their new strings into fragments;
this copies each one into the catalogue where the catalogue still lacks it.
Usage: python tools/merge_po.py CATALOGUE FRAGMENT...
"""

import sys

from babel.messages.pofile import read_po, write_po


def missing(message) -> bool:
    strings = message.string
    if isinstance(strings, tuple | list):
        return not all(strings)
    return not strings


def main(target: str, fragments: list[str]) -> int:
    with open(target, "rb") as handle:
        catalogue = read_po(handle)
    filled = 0
    for path in fragments:
        with open(path, "rb") as handle:
            fragment = read_po(handle)
        for message in fragment:
            if not message.id:
                continue
            entry = catalogue.get(message.id, context=message.context)
            if entry is not None and missing(entry) and not missing(message):
                entry.string = message.string
                filled += 1
    with open(target, "wb") as handle:
        write_po(handle, catalogue, width=76, sort_output=True, omit_header=False)
    print(f"{filled} translations filled into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
