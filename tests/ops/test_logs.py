"""Log files: what an operator finds in LOG_DIR after things happen."""

import logging
from pathlib import Path

from tests.conftest import PASSWORD, log_in


def read(log_dir: Path, name: str) -> str:
    path = log_dir / name
    return path.read_text("utf-8") if path.exists() else ""


def test_failed_login_is_in_the_audit_log_and_the_app_log(build_app, user, tmp_path):
    client = build_app().test_client()

    response = log_in(client, user.email, password="wrong password 123")

    assert response.status_code == 200
    logs = tmp_path / "logs"
    expected = f"WARNING homegym.audit login failed user={user.email} ip=127.0.0.1"
    assert expected in read(logs, "audit.log")
    assert expected in read(logs, "homegym.log")
    assert "login failed" not in read(logs, "errors.log")


def test_no_password_or_csrf_token_reaches_any_log(build_app, user, tmp_path):
    client = build_app().test_client()
    token = client.csrf_token()

    log_in(client, user.email, password="wrong password 123")
    log_in(client, user.email)

    everything = "".join(
        path.read_text("utf-8") for path in (tmp_path / "logs").iterdir()
    )
    assert "login ok" in everything
    assert PASSWORD not in everything
    assert "wrong password 123" not in everything
    assert token not in everything


def test_unhandled_error_lands_in_errors_log_with_its_trace(build_app, tmp_path):
    built = build_app()

    @built.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = built.test_client().get("/boom")

    assert response.status_code == 500
    errors = read(tmp_path / "logs", "errors.log")
    assert "ERROR homegym.errors unhandled error path=/boom" in errors
    assert "RuntimeError: kaboom" in errors


def test_info_lines_stay_out_of_errors_log(build_app, tmp_path):
    build_app()

    logging.getLogger("homegym.workouts").info("workout finished id=7")

    logs = tmp_path / "logs"
    assert "INFO homegym.workouts workout finished id=7" in read(logs, "homegym.log")
    assert "workout finished" not in read(logs, "errors.log")
    assert "workout finished" not in read(logs, "audit.log")


def test_building_the_app_again_writes_each_line_once(build_app, tmp_path):
    build_app()
    build_app()

    logging.getLogger("homegym.audit").info("user activated user=a@example.com")

    logs = tmp_path / "logs"
    assert read(logs, "homegym.log").count("user activated") == 1
    assert read(logs, "audit.log").count("user activated") == 1


def test_a_new_app_moves_the_logs_to_its_directory(build_app, tmp_path):
    build_app(LOG_DIR=str(tmp_path / "first"))
    build_app(LOG_DIR=str(tmp_path / "second"))

    logging.getLogger("homegym.audit").info("lockouts reset user=*")

    assert "lockouts reset" in read(tmp_path / "second", "audit.log")
    assert "lockouts reset" not in read(tmp_path / "first", "audit.log")


def test_a_newline_cannot_forge_a_second_log_line(build_app, tmp_path):
    build_app()

    logging.getLogger("homegym.audit").warning(
        "login failed user=%s", "x@example.com\n2030-01-01 INFO login ok user=admin"
    )

    lines = read(tmp_path / "logs", "audit.log").splitlines()
    assert len(lines) == 1
    assert "\\n2030-01-01" in lines[0]


def test_logs_rotate_at_ten_megabytes_keeping_five(build_app, tmp_path):
    build_app()
    logger = logging.getLogger("homegym.bulk")
    megabyte = "x" * (1024 * 1024)

    for _ in range(70):
        logger.info(megabyte)

    logs = tmp_path / "logs"
    rotated = sorted(path.name for path in logs.glob("homegym.log.*"))
    assert rotated == [f"homegym.log.{number}" for number in range(1, 6)]
    assert (logs / "homegym.log").stat().st_size <= 10 * 1024 * 1024


def test_unusable_log_dir_falls_back_to_stderr(build_app, tmp_path, capsys):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")

    build_app(LOG_DIR=str(blocker / "logs"))
    logging.getLogger("homegym.audit").warning("login failed user=b@example.com")

    err = capsys.readouterr().err
    assert "log dir unusable, logging to stderr" in err
    assert "login failed user=b@example.com" in err
