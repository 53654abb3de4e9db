"""Every setting the app reads from the environment is documented in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*["']([A-Z_]+)["']"""
)


def test_env_example_names_every_setting():
    read = set()
    for source in [*(ROOT / "homegym").rglob("*.py"), ROOT / "gunicorn.conf.py"]:
        read |= set(READS.findall(source.read_text()))
    documented = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    assert read, "the pattern must find the settings"
    assert read - documented == set()


def test_each_setting_has_a_comment_line():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            assert lines[number - 1].startswith("#"), f"no comment above {line}"
