"""The preview: what an import of this file would create, before anything is.

It reads the whole file once (as a stream) and keeps only counts, the date
range, the exercise names with their suggested matches, and the bad lines.
"""

from collections import Counter

from homegym.accounts.models import User
from homegym.imports.dedup import existing_workouts, import_key
from homegym.imports.names import Matcher
from homegym.imports.parser import Parse


def build_summary(parse: Parse, user: User) -> dict:
    """Summarise the file for the preview page and the batch row."""
    seen = existing_workouts(user, parse.format.source)
    names: Counter = Counter()
    order: dict[str, None] = {}
    in_file = new = skipped = sets = 0
    first = last = None
    for workout in parse.workouts():
        in_file += 1
        day = workout.started.date()
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
        key = import_key(parse.format.source, workout)
        if workout.repeated or key in seen:
            skipped += 1
            continue
        seen.add(key)
        new += 1
        for block in workout.blocks:
            order.setdefault(block.name)
            names[block.name] += len(block.sets)
            sets += len(block.sets)
    matcher = Matcher(user.id)
    listed = []
    for name in order:
        match = matcher.suggest(name)
        listed.append(
            {"name": name, "sets": names[name], "match": match.id if match else None}
        )
    listed.sort(key=lambda item: item["name"].casefold())
    return {
        "workouts_in_file": in_file,
        "workouts": new,
        "skipped": skipped,
        "sets": sets,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "names": listed,
        "unit_in_file": parse.format.weight_unit,
        "problems": [list(item) for item in parse.problems.items],
        "problem_count": parse.problems.count,
    }
