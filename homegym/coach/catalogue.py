"""What the engine draws on: the user's exercises by movement pattern.

Each pattern lists bundled exercises best first; when none of them is
possible, any exercise the user can do that trains the pattern's muscle
with the same mechanic stands in (their own exercises included).
"""

from dataclasses import dataclass

from homegym.exercises.library import visible_exercises
from homegym.exercises.models import Exercise


@dataclass(frozen=True)
class Pattern:
    keys: tuple[str, ...]
    muscles: tuple[str, ...]
    mechanic: str


PATTERNS = {
    "squat": Pattern(
        (
            "back_squat",
            "front_squat",
            "leg_press",
            "smith_machine_squat",
            "goblet_squat",
            "kettlebell_goblet_squat",
            "double_kettlebell_front_squat",
            "dumbbell_squat",
            "bulgarian_split_squat",
            "pistol_squat",
            "bodyweight_squat",
        ),
        ("quads",),
        "compound",
    ),
    "squat_b": Pattern(
        (
            "front_squat",
            "leg_press",
            "goblet_squat",
            "back_squat",
            "double_kettlebell_front_squat",
            "kettlebell_goblet_squat",
            "dumbbell_squat",
            "reverse_lunge",
            "pistol_squat",
            "bodyweight_squat",
        ),
        ("quads",),
        "compound",
    ),
    "hinge": Pattern(
        (
            "deadlift",
            "romanian_deadlift",
            "dumbbell_romanian_deadlift",
            "kettlebell_deadlift",
            "kettlebell_swing",
            "cable_pull_through",
            "band_pull_through",
            "single_leg_romanian_deadlift",
            "single_leg_glute_bridge",
            "glute_bridge",
        ),
        ("hamstrings", "glutes"),
        "compound",
    ),
    "hinge_b": Pattern(
        (
            "romanian_deadlift",
            "dumbbell_romanian_deadlift",
            "barbell_hip_thrust",
            "dumbbell_hip_thrust",
            "kettlebell_swing",
            "single_leg_romanian_deadlift",
            "band_good_morning",
            "single_leg_glute_bridge",
            "nordic_hamstring_curl",
        ),
        ("hamstrings", "glutes"),
        "compound",
    ),
    "lunge": Pattern(
        (
            "dumbbell_bulgarian_split_squat",
            "barbell_split_squat",
            "dumbbell_reverse_lunge",
            "bulgarian_split_squat",
            "reverse_lunge",
            "walking_lunge",
        ),
        ("quads", "glutes"),
        "compound",
    ),
    "hpush": Pattern(
        (
            "bench_press",
            "dumbbell_bench_press",
            "machine_chest_press",
            "smith_machine_bench_press",
            "dumbbell_floor_press",
            "barbell_floor_press",
            "band_chest_press",
            "push_up",
        ),
        ("chest",),
        "compound",
    ),
    "hpush_b": Pattern(
        (
            "incline_dumbbell_press",
            "incline_bench_press",
            "dumbbell_bench_press",
            "machine_chest_press",
            "band_chest_press",
            "decline_push_up",
            "push_up",
        ),
        ("chest",),
        "compound",
    ),
    "vpush": Pattern(
        (
            "overhead_press",
            "seated_dumbbell_press",
            "standing_dumbbell_press",
            "kettlebell_press",
            "landmine_press",
            "band_overhead_press",
            "pike_push_up",
        ),
        ("shoulders",),
        "compound",
    ),
    "hpull": Pattern(
        (
            "barbell_row",
            "chest_supported_dumbbell_row",
            "one_arm_dumbbell_row",
            "seated_cable_row",
            "bent_over_dumbbell_row",
            "kettlebell_row",
            "band_row",
            "inverted_row",
        ),
        ("upper_back", "lats"),
        "compound",
    ),
    "vpull": Pattern(
        (
            "pull_up",
            "chin_up",
            "lat_pulldown",
            "neutral_grip_pull_up",
            "band_assisted_pull_up",
            "band_lat_pulldown",
            "negative_pull_up",
        ),
        ("lats", "upper_back"),
        "compound",
    ),
    "hamstring_curl": Pattern(
        ("lying_leg_curl", "seated_leg_curl", "nordic_hamstring_curl"),
        ("hamstrings",),
        "isolation",
    ),
    "chest_fly": Pattern(
        ("dumbbell_fly", "cable_crossover", "pec_deck", "incline_dumbbell_fly"),
        ("chest",),
        "isolation",
    ),
    "lateral_raise": Pattern(
        ("dumbbell_lateral_raise", "cable_lateral_raise", "band_pull_apart"),
        ("shoulders",),
        "isolation",
    ),
    "rear_delt": Pattern(
        (
            "cable_face_pull",
            "band_face_pull",
            "dumbbell_reverse_fly",
            "cable_reverse_fly",
            "band_pull_apart",
        ),
        ("shoulders", "upper_back"),
        "isolation",
    ),
    "biceps": Pattern(
        ("dumbbell_curl", "barbell_curl", "cable_curl", "hammer_curl", "band_curl"),
        ("biceps",),
        "isolation",
    ),
    "triceps": Pattern(
        (
            "cable_triceps_pushdown",
            "dumbbell_overhead_extension",
            "barbell_skull_crusher",
            "band_triceps_pushdown",
            "dumbbell_skull_crusher",
            "bench_dip",
        ),
        ("triceps",),
        "isolation",
    ),
    "calves": Pattern(
        (
            "barbell_calf_raise",
            "seated_machine_calf_raise",
            "single_leg_dumbbell_calf_raise",
            "single_leg_calf_raise",
            "standing_calf_raise",
        ),
        ("calves",),
        "isolation",
    ),
    "core": Pattern(
        ("hanging_leg_raise", "cable_crunch", "pallof_press", "dead_bug", "plank"),
        ("abs",),
        "isolation",
    ),
}


def usable_exercises(
    user, excluded_ids=(), excluded_muscles=(), locale: str = "en"
) -> list[Exercise]:
    """List what the user may do: their equipment allows it, nothing excluded.

    An excluded muscle rules out exercises that train it directly.
    """
    equipment = user.equipment_settings()
    excluded_ids, excluded_muscles = set(excluded_ids), set(excluded_muscles)
    return [
        exercise
        for exercise in visible_exercises(user.id, locale)
        if exercise.usable_with(equipment)
        and exercise.id not in excluded_ids
        and not excluded_muscles & set(exercise.primary_muscles)
    ]


def options(pattern: Pattern, usable: list[Exercise]) -> list[Exercise]:
    """The exercises that can fill a pattern, best first: those it lists, or
    when none is possible, those that stand in for them."""
    return _listed(pattern, usable) or _stand_ins(pattern, usable)


def choose(pattern: Pattern, usable: list[Exercise], taken: set[int]):
    """Pick the best exercise for a pattern that the day does not have yet."""
    for exercise in (*_listed(pattern, usable), *_stand_ins(pattern, usable)):
        if exercise.id not in taken:
            return exercise
    return None


def _listed(pattern: Pattern, usable: list[Exercise]) -> list[Exercise]:
    by_key = {exercise.key: exercise for exercise in usable if exercise.key}
    return [by_key[key] for key in pattern.keys if key in by_key]


def _stand_ins(pattern: Pattern, usable: list[Exercise]) -> list[Exercise]:
    return [
        exercise
        for exercise in usable
        if exercise.mechanic == pattern.mechanic
        and exercise.primary_muscles[:1]
        and exercise.primary_muscles[0] in pattern.muscles
    ]
