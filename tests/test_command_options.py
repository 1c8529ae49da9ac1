"""Each command's Click parameters and its `Options` fields are the same names, so an option
cannot be declared on the command line and dropped on the way to `commands/<name>.run`."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kapmail.cli import cli


def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every command by its module's name: `build`, and `<group>_<name>` inside a group."""
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= commands(command, f"{prefix}{name}_")
        else:
            found[prefix + name] = command
    return found


@pytest.mark.parametrize("name", sorted(commands()))
def test_click_parameters_are_the_options_fields(name: str):
    command = importlib.import_module(f"kapmail.commands.{name}")
    parameters = {p.name for p in commands()[name].params if p.name != "help"}
    fields = {f.name for f in dataclasses.fields(command.Options)}
    assert parameters == fields, (
        f"{name}: only on the command line {parameters - fields}, "
        f"only in Options {fields - parameters}"
    )
    assert command.Options.__dataclass_params__.frozen, name
    assert next(iter(inspect.signature(command.run).parameters)) == "options", name


def test_a_command_runs_through_its_options(tmp_path: Path):
    """A real run of the lightest command: Click's values arrive as the typed Options."""
    result = CliRunner().invoke(
        cli, ["sends", "--ledger", str(tmp_path / "none.sqlite"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("campaign,")


def test_send_rules_between_options_live_in_its_options():
    from kapmail.commands.send import Options

    common = {
        "source": None,
        "recipients_file": None,
        "due": False,
        "only": None,
        "smtp_host": None,
        "smtp_port": None,
        "security": None,
        "user": None,
        "rate": 0.0,
        "retries": 5,
        "retry_wait": 1.0,
        "retry_uncertain": False,
        "retry_failed": False,
        "timeout": 30.0,
        "stop_after": 10,
        "catch_up": "send",
        "max_per_reader": None,
        "suppress": None,
        "new_ledger": False,
        "ledger": Path("sends.sqlite"),
        "now": None,
        "encoding": "utf-8",
        "language": None,
        "force": False,
        "org_file": None,
    }
    test_send = Options(to=("me@example.org",), live=False, dry_run=False, **common)
    assert test_send.test and test_send.sending
    dry = Options(to=("me@example.org",), live=False, dry_run=True, **common)
    assert not dry.sending
    with pytest.raises(Exception, match="--live and --dry-run exclude each other"):
        Options(to=("me@example.org",), live=True, dry_run=True, **common)
    with pytest.raises(Exception, match="give --to ADDRESS"):
        Options(to=(), live=False, dry_run=False, **common)
