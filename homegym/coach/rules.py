"""The engine's rules, each with the catalogue keys it rests on.

Numbers here are choices a coach makes from the sources, not quotes from
them: the sources give ranges and directions, these pick values inside them.
"""

from dataclasses import dataclass

GOALS = ("strength", "hypertrophy", "general")
EXPERIENCE = ("beginner", "intermediate", "advanced")

# The muscle groups a plan must train at least twice a week.
MAJOR_MUSCLES = ("chest", "back", "shoulders", "quads", "hamstrings", "glutes")
# Several library muscles count toward one group.
GROUP_OF = {"lats": "back", "upper_back": "back"}
# Indirect (secondary) sets count half, as Pelland et al. counted them.
INDIRECT_SHARE = 0.5
INDIRECT_SOURCES = ["pelland2026doseresponse"]
# HomeGym's counting convention, not a finding: the library lists the glutes
# as a primary muscle of squats and lunges, but there the quads lead and the
# glutes help, so such a set counts half for the glutes, as an indirect set
# does. A lift that trains the hamstrings directly too (a hinge, a deadlift)
# still counts fully for both. Maps the helper group to (the group that leads
# it, the group whose direct work makes it a prime mover after all).
SECONDARY_MOVERS = {"glutes": ("quads", "hamstrings")}
FREQUENCY_SOURCES = ["schoenfeld2016frequency", "grgic2018frequency"]

# Weekly sets per major muscle group, by experience, then narrowed by goal.
# No source gives a beginner's number: 6-12 is HomeGym's starting dose below
# the 10+ sets that did best (Schoenfeld 2017), raised by progression (ACSM),
# and the plan's rationale says so in those words.
VOLUME = {
    "beginner": (6, 12, ["acsm2009progression", "schoenfeld2017volume"]),
    "intermediate": (10, 16, ["schoenfeld2017volume", "pelland2026doseresponse"]),
    "advanced": (12, 20, ["bazvalle2022volume", "schoenfeld2019volume"]),
}
# Strength levels off at fewer sets than growth; general fitness needs less.
GOAL_VOLUME_CAP = {
    "strength": (None, ["ralston2017setvolume", "pelland2026doseresponse"]),
    "hypertrophy": (None, ["schoenfeld2017volume"]),
    "general": (10, ["who2020", "androulakis2020metd"]),
}
STRENGTH_CAP_SHARE = 0.8
# Below this, the time budget rules: the minimum dose still brings strength.
MINIMUM_DOSE = 4
MINIMUM_DOSE_SOURCES = ["androulakis2020metd"]


@dataclass(frozen=True)
class Prescription:
    """Reps, effort and rest for one kind of exercise under one goal."""

    reps_min: int
    reps_max: int
    rpe: float
    rest_seconds: int


# (compound, isolation) per goal.
PRESCRIPTIONS = {
    "strength": (Prescription(3, 6, 8.0, 180), Prescription(8, 12, 8.0, 90)),
    "hypertrophy": (Prescription(6, 10, 8.0, 150), Prescription(10, 15, 8.5, 90)),
    "general": (Prescription(8, 12, 7.0, 120), Prescription(10, 15, 7.0, 60)),
}
INTENSITY_SOURCES = {
    "strength": ["currier2023nma", "schoenfeld2017load", "lopez2021load"],
    "hypertrophy": ["schoenfeld2017load", "lopez2021load", "currier2023nma"],
    "general": ["acsm2009progression", "who2020"],
}
EFFORT_SOURCES = ["helms2016rir", "refalo2023failure", "robinson2024proximity"]
# Beginners rate effort less accurately: keep them further from failure.
BEGINNER_MAX_RPE = 7.5
BEGINNER_SOURCES = ["zourdos2016rpe", "acsm2009progression"]
# Exercises too hard for the goal's usual reps: the Nordic curl is a
# near-maximal eccentric that few lifters can do for 8-15 reps, so a plan
# asks for a few slow, controlled reps (HomeGym's choice, no source gives it).
FEW_REPS = {"nordic_hamstring_curl": (3, 6)}
# Beginners start strength work with a few more reps than the 3-6 of the trained.
BEGINNER_STRENGTH_REPS = (5, 8)
REST_SOURCES = ["schoenfeld2016rest", "grgic2017rest"]
ORDER_SOURCES = ["kraemer2004fundamentals", "acsm2009progression"]
PROGRESSION_SOURCES = ["acsm2009progression", "helms2016rir"]
DELOAD_SOURCES = ["bell2023deload"]
DELOAD_EVERY_WEEKS = {"beginner": 8, "intermediate": 6, "advanced": 5}
DELOAD_VOLUME_SHARE = 0.5
WARMUP_SOURCES = ["fradkin2010warmup"]
BANDS_SOURCES = ["lopes2019elastic", "calatayud2015pushup"]

# Time: a set takes this long besides its rest; a session starts with a warm-up.
SET_SECONDS = 45
WARMUP_MINUTES = 5
# Sessions this many minutes or more under the budget are "clearly shorter",
# and the plan says why (HomeGym's choice).
SPARE_MINUTES = 10
# More sets of one exercise in one session mostly add fatigue; spread them.
MAX_SETS = {"beginner": 3, "intermediate": 4, "advanced": 5}
# Fewer exercises with more sets each, never a lone set: several sets per
# exercise built more muscle than one (schoenfeld2019volume, currier2023nma)
# and more sets per exercise a little more strength (ralston2017setvolume).
# A strength plan's main lifts get three; when the session is too short for
# three sets of enough lifts to train every group twice, they get two.
MIN_SETS = 2
STRENGTH_MIN_SETS = 3
# Heavy pressing in one session: at most this many sets of one direction
# (horizontal or vertical) and of all pressing together; more adds fatigue to
# the same shoulders and elbows rather than growth (HomeGym's choice, in the
# spirit of MAX_SETS: spread the sets over the week).
PRESS_PATTERNS = {"hpush": "horizontal", "hpush_b": "horizontal", "vpush": "vertical"}
PRESS_MOST_SETS_DIRECTION = 6
PRESS_MOST_SETS = 9
# A lower-body day of a strength or hypertrophy plan keeps a knee-dominant
# (squat, lunge) and a hip-dominant (hinge, bridge) lift when its time allows.
KNEE_PATTERNS = ("squat", "squat_b", "lunge")
HIP_PATTERNS = ("hinge", "hinge_b")
# Filling a hinge slot when nothing else does, but bending the knee, not the hip.
NOT_HIP_DOMINANT = ("nordic_hamstring_curl",)
BOTH_LEG_KINDS_GOALS = ("strength", "hypertrophy")
# Arms, calves and core: up to this many sets of an exercise in a session.
SMALL_MUSCLE_MOST_SETS = 3
MIN_SETS_SOURCES = ["schoenfeld2019volume", "currier2023nma", "ralston2017setvolume"]
# Intermediate and advanced lifters aim for the top of their range when the
# time allows (more sets kept adding growth, pelland2026doseresponse);
# beginners for its middle, from which they progress.
AIM_HIGH = ("intermediate", "advanced")
# Heavy strength sets rest at least the three minutes that beat one minute
# (schoenfeld2016rest); a session with time to spare lengthens them in steps
# up to five minutes (HomeGym's choice in the same direction).
LONG_REST_STEP = 30
LONG_REST_MAX = 300

# Bodyweight exercises without added load that are light for most people:
# the goal's usual reps would end far from failure, so they take more reps,
# to a real effort (light loads grow muscle like heavy ones when sets end near
# failure: schoenfeld2017load, lopez2021load, robinson2024proximity). The
# ranges are HomeGym's choice. Pull-ups, pistol squats, handstand push-ups
# and Nordic curls are hard enough at the goal's reps and are not listed.
LIGHT_BODYWEIGHT_REPS = {
    "bodyweight_squat": (20, 30),
    "jump_squat": (12, 20),
    "walking_lunge": (12, 20),
    "reverse_lunge": (12, 20),
    "lateral_lunge": (12, 20),
    "cossack_squat": (10, 15),
    "bulgarian_split_squat": (10, 15),
    "glute_bridge": (15, 25),
    "single_leg_glute_bridge": (12, 20),
    "standing_calf_raise": (20, 30),
    "single_leg_calf_raise": (12, 20),
    "push_up": (12, 20),
    "knee_push_up": (15, 25),
    "incline_push_up": (15, 25),
    "decline_push_up": (10, 15),
    "diamond_push_up": (10, 15),
    "pike_push_up": (8, 15),
    "bench_dip": (12, 20),
}
LIGHT_BODYWEIGHT_RPE = 8.0
# Rest by kind of exercise: a heavy compound lift rests longest (three
# minutes beat one for strength and somewhat for growth: schoenfeld2016rest),
# an isolation exercise shortest, and a set of many light bodyweight reps
# (push-ups, air squats, lunges) in between: it is multi-joint but not heavy,
# and rests over a minute built muscle as well as longer ones
# (grgic2017rest). The 120 s is HomeGym's choice; no source gives it.
LIGHT_BODYWEIGHT_REST = 120
LIGHT_BODYWEIGHT_SOURCES = [
    "schoenfeld2017load",
    "lopez2021load",
    "robinson2024proximity",
]
# For an advanced lifter a harder variation stands in for a light one that
# even many reps would barely tire (HomeGym's choice, as above).
HARDER_VARIATION = {"bodyweight_squat": "pistol_squat", "push_up": "decline_push_up"}
# Near-maximal bodyweight exercises that only an advanced lifter's plan uses.
ADVANCED_ONLY = ("pistol_squat", "wall_handstand_push_up")
# A beginner does Nordic curls only when nothing else trains the hamstrings.
BEGINNER_LAST_RESORT = {"nordic_hamstring_curl": "hamstrings"}

# Live guidance: a set this many reps short of its target, or this much harder
# than planned, ends the exercise for today.
MISS_MARGIN = 2
RPE_OVERSHOOT = 1.5
HARD_SET_EXTRA_REST = 60
STOP_SOURCES = ["refalo2023failure", "grgic2022failure"]
# Far from failure, reps-in-reserve ratings are least accurate, so one set
# moves the load by at most this share of what was lifted (HomeGym's choice).
MAX_JUMP_SHARE = 0.1
JUMP_SOURCES = ["zourdos2016rpe", "helms2016rir"]
E1RM_SOURCES = ["epley1985", "helms2016rir", "zourdos2016rpe"]
# Loads with no plates or dumbbells to count (bands, cables, machines) round to this.
OTHER_LOAD_STEP_KG = 2.5

# Analysis: e1RM change at or below this per week over 3+ weeks is a stall.
STALL_KG_PER_WEEK = 0.0
STALL_MIN_SESSIONS = 4
STALL_MIN_WEEKS = 3
# Weekly sets per muscle group for a lifter whose level the coach does not
# know: ten or more grew more muscle, more than twenty added little.
DEFAULT_VOLUME = (10, 20, ["schoenfeld2017volume", "bazvalle2022volume"])
TREND_SOURCES = ["epley1985"]
# Balance: a pair (push/pull, knee/hip) is out of balance when one side gets
# more than BALANCE_RATIO times the weekly sets of the other and at least
# BALANCE_MIN_WEEKLY sets a week. No source in the catalogue gives a ratio:
# both numbers are HomeGym's choice, and the advice says so. The fix, more
# sets for the lagging side, rests on more weekly sets growing more muscle.
BALANCE_RATIO = 1.5
BALANCE_MIN_WEEKLY = 4
BALANCE_SOURCES = ["schoenfeld2017volume"]
# The fewest sets a week the advice asks to add (two, as a plan never gives
# an exercise fewer), and how many example exercises it names.
BALANCE_MIN_ADD = 2
BALANCE_EXAMPLES = 3
# Where to find exercises for each side, by the engine's movement patterns.
BALANCE_PATTERNS = {
    "push": ("hpush", "vpush", "hpush_b"),
    "pull": ("hpull", "vpull"),
    "knee": ("squat", "lunge", "squat_b"),
    "hip": ("hinge", "hinge_b"),
}


def volume_range(goal: str, experience: str) -> tuple[int, int, list[str]]:
    """Weekly sets per major group for this lifter, with the sources."""
    low, high, sources = VOLUME[experience]
    cap, goal_sources = GOAL_VOLUME_CAP[goal]
    if goal == "strength":
        high = max(low, round(high * STRENGTH_CAP_SHARE))
    if cap is not None:
        high = min(high, cap)
        low = min(low, high - 4)
    return low, high, sorted({*sources, *goal_sources})


def prescription(goal: str, experience: str, compound: bool) -> Prescription:
    """Reps, target RPE and rest for an exercise of this lifter's plan."""
    chosen = PRESCRIPTIONS[goal][0 if compound else 1]
    if experience != "beginner":
        return chosen
    reps = (chosen.reps_min, chosen.reps_max)
    if goal == "strength" and compound:
        reps = BEGINNER_STRENGTH_REPS
    return Prescription(*reps, min(chosen.rpe, BEGINNER_MAX_RPE), chosen.rest_seconds)


def min_sets(goal: str, compound: bool, strength_floor: int = STRENGTH_MIN_SETS) -> int:
    """The fewest working sets an exercise of the plan gets."""
    if goal == "strength" and compound:
        return strength_floor
    return MIN_SETS


def light_bodyweight(exercise, prescription_: Prescription, beginner: bool):
    """The prescription for a bodyweight exercise light for most people: more
    reps and an effort near failure; None for any other exercise."""
    reps = LIGHT_BODYWEIGHT_REPS.get(exercise.key)
    if reps is None or exercise.load != "bodyweight":
        return None
    rpe = BEGINNER_MAX_RPE if beginner else LIGHT_BODYWEIGHT_RPE
    rest = min(prescription_.rest_seconds, LIGHT_BODYWEIGHT_REST)
    return Prescription(*reps, rpe, rest)


def suited(usable: list, experience: str) -> list:
    """Leave out what does not suit the lifter's level: the near-maximal
    bodyweight exercises below advanced, and for an advanced lifter the light
    ones that have a harder variation at hand."""
    if experience == "beginner":
        usable = [
            exercise
            for exercise in usable
            if exercise.key not in BEGINNER_LAST_RESORT
            or not _others_train(usable, exercise, BEGINNER_LAST_RESORT[exercise.key])
        ]
    if experience != "advanced":
        return [e for e in usable if e.key not in ADVANCED_ONLY]
    keys = {exercise.key for exercise in usable}
    return [
        exercise
        for exercise in usable
        if HARDER_VARIATION.get(exercise.key) not in keys
    ]


def _others_train(usable: list, exercise, muscle: str) -> bool:
    return any(
        other is not exercise and muscle in other.primary_muscles for other in usable
    )


def only_helps(group: str, primary_groups: set[str], mechanic: str) -> bool:
    """Whether a group listed as primary only helps the prime mover here (the
    glutes in a squat or lunge), so a set counts as indirect for it."""
    lead, unless = SECONDARY_MOVERS.get(group, (None, None))
    return (
        mechanic == "compound"
        and lead in primary_groups
        and unless not in primary_groups
    )


def group_of(muscle: str) -> str:
    """The group a library muscle counts toward (itself unless listed)."""
    return GROUP_OF.get(muscle, muscle)
