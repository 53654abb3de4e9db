"""The words an exercise is described with: muscles, equipment, mechanic, load.

Keys are stored in the database and in the bundled library; labels are for
people and translated when shown.
"""

from flask_babel import lazy_gettext as _l

MUSCLES = {
    "chest": _l("Chest"),
    "lats": _l("Lats"),
    "upper_back": _l("Upper back"),
    "traps": _l("Traps"),
    "lower_back": _l("Lower back"),
    "shoulders": _l("Shoulders"),
    "biceps": _l("Biceps"),
    "triceps": _l("Triceps"),
    "forearms": _l("Forearms"),
    "abs": _l("Abs"),
    "obliques": _l("Obliques"),
    "glutes": _l("Glutes"),
    "quads": _l("Quadriceps"),
    "hamstrings": _l("Hamstrings"),
    "adductors": _l("Adductors"),
    "calves": _l("Calves"),
}

# The equipment flags of accounts.equipment.FLAGS that an exercise can need.
# "bodyweight" is not one: an exercise needing nothing has an empty list.
EQUIPMENT = {
    "barbell": _l("Barbell"),
    "rack": _l("Squat rack"),
    "bench": _l("Bench"),
    "dumbbells": _l("Dumbbells"),
    "kettlebells": _l("Kettlebells"),
    "pullup_bar": _l("Pull-up bar"),
    "bands": _l("Resistance bands"),
    "cable": _l("Cable station"),
    "machines": _l("Machines"),
}

# Same keys, same order as models.MECHANICS and models.LOADS.
MECHANIC_LABELS = {
    "compound": _l("Compound"),
    "isolation": _l("Isolation"),
}

LOAD_LABELS = {
    "external": _l("External load"),
    "bodyweight": _l("Bodyweight"),
}


def muscle_labels(keys) -> list:
    """Translate muscle keys for display, skipping any this version doesn't know."""
    return [MUSCLES[key] for key in keys if key in MUSCLES]


def equipment_labels(keys) -> list:
    """Translate equipment keys for display, skipping unknown ones."""
    return [EQUIPMENT[key] for key in keys if key in EQUIPMENT]
