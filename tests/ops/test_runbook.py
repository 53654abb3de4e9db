"""Every command the runbook shows exists, with the options it names."""

import re
import shlex
from pathlib import Path

import pytest

RUNBOOK = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
COMMAND = re.compile(r"^\$?\s*flask ([^#\n]+)", re.MULTILINE)


def runbook_commands() -> list[list[str]]:
    """Return the argument lists of the flask commands in the runbook's code blocks."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", RUNBOOK.read_text(), re.DOTALL)
    commands = []
    for block in blocks:
        for line in COMMAND.findall(block):
            args = shlex.split(line)
            if args not in commands:
                commands.append(args)
    return commands


def test_the_runbook_shows_the_operator_commands():
    shown = {" ".join(args[:2]) for args in runbook_commands()}
    for command in ("check-deploy", "sessions revoke", "lockouts reset", "users list"):
        assert any(line.startswith(command) for line in shown), command


@pytest.mark.parametrize("args", runbook_commands(), ids=" ".join)
def test_runbook_command_exists_with_its_options(runner, args):
    words = [arg for arg in args if not arg.startswith("-")]
    options = [arg for arg in args if arg.startswith("--")]
    group_and_command = [w for w in words if "@" not in w and "." not in w][:2]

    result = runner.invoke(args=[*group_and_command, "--help"])

    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.output, f"{' '.join(args)}: no {option}"
