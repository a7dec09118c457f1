"""Settings read strictly, and paths that do not change with the directory a command runs in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followthrough import config

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("Yes", True), ("1", True), ("off", False), ("0", False), ("", None)],
)
def test_a_boolean_setting_reads_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("FOLLOWTHROUGH_X", value)
    assert config.env_bool("FOLLOWTHROUGH_X", default=None) is expected


@pytest.mark.parametrize("value", ["ture", "y", "enabled", "2"])
def test_a_mistyped_boolean_setting_is_refused_naming_it(monkeypatch, value):
    monkeypatch.setenv("FOLLOWTHROUGH_X", value)
    with pytest.raises(
        config.SettingError, match=f"FOLLOWTHROUGH_X must be true or false, not '{value}'"
    ):
        config.env_bool("FOLLOWTHROUGH_X")


@pytest.mark.parametrize(("value", "message"), [("30d", "a whole number"), ("-3", "0 or more")])
def test_a_number_setting_it_cannot_read_is_refused(monkeypatch, value, message):
    monkeypatch.setenv("FOLLOWTHROUGH_X", value)
    with pytest.raises(config.SettingError, match=message):
        config.env_int("FOLLOWTHROUGH_X", 5)


def test_a_relative_path_is_the_projects_not_the_current_directorys(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert config.absolute("var", name="FOLLOWTHROUGH_VAR_DIR") == REPO / "var"
    database = config.sqlite_path_absolute(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/other.sqlite3"}
    )
    assert database["NAME"] == str(REPO / "var" / "other.sqlite3")


def test_without_a_project_a_relative_path_is_refused(monkeypatch):
    monkeypatch.setattr(config, "PROJECT_DIR", None)
    with pytest.raises(config.SettingError, match="must be an absolute path"):
        config.absolute("var", name="FOLLOWTHROUGH_VAR_DIR")
    monkeypatch.delenv("FOLLOWTHROUGH_VAR_DIR", raising=False)
    with pytest.raises(config.SettingError, match="set FOLLOWTHROUGH_VAR_DIR"):
        config.env_path("FOLLOWTHROUGH_VAR_DIR", "var")


def _settings_from(cwd: Path, **env) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'followthrough.settings'; "
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME']); print(settings.MEDIA_ROOT)"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWTHROUGH_")}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True
    )


def test_cron_from_another_directory_uses_the_same_database_and_files(tmp_path):
    from_repo = _settings_from(REPO, FOLLOWTHROUGH_VAR_DIR="var")
    from_elsewhere = _settings_from(tmp_path, FOLLOWTHROUGH_VAR_DIR="var")
    by_default = _settings_from(tmp_path)
    assert from_repo.returncode == 0, from_repo.stderr
    assert from_repo.stdout == from_elsewhere.stdout == by_default.stdout
    assert from_repo.stdout.splitlines() == [
        str(REPO / "var" / "followthrough.sqlite3"),
        str(REPO / "var" / "media"),
    ]


def test_a_mistyped_setting_stops_the_command_at_start_up_with_one_line(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWTHROUGH_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)  # the suite's own
    environment["FOLLOWTHROUGH_DEBUG"] = "ture"
    result = subprocess.run(
        [str(REPO / ".venv" / "bin" / "followthrough"), "manage", "check"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "followthrough manage: FOLLOWTHROUGH_DEBUG must be true or false, not 'ture'"
    )
