"""The weekly set targets the volume chart draws its band from.

One place on purpose: when the coach supplies targets per user or per
muscle, only this function changes.
"""

from dataclasses import dataclass

# Keys of the training-sources catalogue the band rests on.
VOLUME_SOURCES = ("schoenfeld2017volume", "bazvalle2022volume")


@dataclass(frozen=True)
class TargetBand:
    """Weekly hard sets per muscle: the band a lifter aims to land in."""

    low: int
    high: int
    sources: tuple[str, ...] = VOLUME_SOURCES


def weekly_set_target(muscle: str) -> TargetBand:
    """10-20 weekly sets for every muscle (Schoenfeld 2017; Baz-Valle 2022)."""
    return TargetBand(10, 20)


# As the training-sources catalogue gives them; shown under the volume chart.
VOLUME_CITATIONS = (
    "Schoenfeld BJ, Ogborn D, Krieger JW. Dose-response relationship between "
    "weekly resistance training volume and increases in muscle mass: a systematic "
    "review and meta-analysis. J Sports Sci. 2017;35(11):1073-1082. "
    "doi:10.1080/02640414.2016.1210197",
    "Baz-Valle E, Balsalobre-Fernández C, Alix-Fages C, Santos-Concejero J. A "
    "systematic review of the effects of different resistance training volumes on "
    "muscle hypertrophy. J Hum Kinet. 2022;81:199-210. doi:10.2478/hukin-2022-0017",
    "Pelland JC, Remmert JF, Robinson ZP, Hinson SR, Zourdos MC. The resistance "
    "training dose response: meta-regressions exploring the effects of weekly "
    "volume and frequency on muscle hypertrophy and strength gains. Sports Med. "
    "2026;56(2):481-505. doi:10.1007/s40279-025-02344-w",
)
