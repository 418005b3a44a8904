"""Settings read from the environment fail clearly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from equityhub.config.env import Env, SettingError


def test_bool_accepts_yes_no_words() -> None:
    env = Env({"A": "yes", "B": "off", "C": " TRUE "})
    assert env.bool("A") is True
    assert env.bool("B") is False
    assert env.bool("C") is True
    assert env.bool("MISSING", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled"])
def test_bool_refuses_anything_else(raw: str) -> None:
    with pytest.raises(SettingError, match=f"DEBUG={raw!r} is not a yes/no value"):
        Env({"DEBUG": raw}).bool("DEBUG")


def test_int_names_the_variable() -> None:
    with pytest.raises(SettingError, match="EMAIL_PORT='twenty-five' is not a whole number"):
        Env({"EMAIL_PORT": "twenty-five"}).int("EMAIL_PORT", 25)
    with pytest.raises(SettingError, match="below the minimum"):
        Env({"EMAIL_PORT": "0"}).int("EMAIL_PORT", 25, minimum=1)
    assert Env({"EMAIL_PORT": "587"}).int("EMAIL_PORT", 25) == 587


def test_url_and_choice() -> None:
    with pytest.raises(SettingError, match="not a URL"):
        Env({"DATABASE_URL": "localhost/db"}).url("DATABASE_URL")
    with pytest.raises(SettingError, match="not one of console, smtp"):
        Env({"EMAIL_MODE": "pigeon"}).choice("EMAIL_MODE", ("console", "smtp"), "console")


def test_list_splits_on_commas() -> None:
    assert Env({"H": "a.example, b.example,,"}).list("H") == ["a.example", "b.example"]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter, as a server start would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import equityhub.config.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_bad_value_stops_the_start_with_its_name() -> None:
    result = _start({"DEBUG": "sometimes"})
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a yes/no value" in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = _start({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert _start({"DEBUG": "false", "SECRET_KEY": "x" * 50}).returncode == 0
