"""The command line: errors are one readable line (traceback only with --debug), stats, config show."""

from tests.pipeline.conftest import run_cli


def test_an_invalid_setting_stops_start_up_with_one_line(tmp_path):
    result = run_cli("--db", str(tmp_path / "s.db"), "-s", "query.timeout_seconds=soon", "stats")
    assert result.returncode == 2
    assert result.stderr.strip() == ("interopwatch: error: query.timeout_seconds: expected a number, got 'soon' "
                                     "(from -s query.timeout_seconds)")
    assert not (tmp_path / "s.db").exists()


def test_a_non_database_file_is_refused_with_one_line_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 100)
    result = run_cli("--db", str(path), "stats")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "is not a SQLite database" in result.stderr
    assert path.read_text() == "shopping list\n" * 100


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    result = run_cli("--debug", "--db", str(path), "stats")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr


def test_stats_counts_rows_and_lists_runs(filled_db):
    result = run_cli("--db", str(filled_db), "stats")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "articles          2" in lines
    assert "claims            1" in lines


def test_config_show_names_origins_and_redacts_the_password(tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text("[query]\nformat = 'json'\n")
    result = run_cli("--config", str(settings), "config", "show",
                     env={"INTEROPWATCH_SMTP_PASSWORD": "hunter2", "INTEROPWATCH__DIGEST__SMTP_USER": "ana"})
    assert result.returncode == 0, result.stderr
    assert f'format = "json"  # {settings}' in result.stdout
    assert 'smtp_user = "ana"  # environment INTEROPWATCH__DIGEST__SMTP_USER' in result.stdout
    assert "hunter2" not in result.stdout
    assert "smtp_password = (set, redacted)" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "No such command" in result.stderr
