"""deploy/gunicorn.conf.py sizes gunicorn for the machine and logs JSON to stdout."""

import os
import runpy

from .ops import ROOT

CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_follow_the_cpus_this_process_may_use(monkeypatch):
    config = load(monkeypatch)
    assert config["workers"] == len(os.sched_getaffinity(0)) * 2 + 1
    assert config["bind"] == "0.0.0.0:8000"


def test_every_size_and_timeout_can_be_set_from_the_environment(monkeypatch):
    config = load(
        monkeypatch,
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="45",
        GUNICORN_BIND="127.0.0.1:8302",
    )
    assert (config["workers"], config["timeout"], config["bind"]) == (3, 45, "127.0.0.1:8302")
    # An empty variable (compose passes GUNICORN_WORKERS= when unset) means the default.
    assert load(monkeypatch, GUNICORN_WORKERS="")["workers"] > 0


def test_a_stuck_request_is_cut_off_and_a_stop_lets_requests_finish(monkeypatch):
    config = load(monkeypatch)
    assert config["timeout"] == 30
    assert config["graceful_timeout"] == 30
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["control_socket_disable"] is True


def test_access_and_error_logs_are_json_on_stdout(monkeypatch):
    logging = load(monkeypatch)["logconfig_dict"]
    assert logging["formatters"]["structured"] == {"()": "core.logs.StructuredFormatter"}
    assert logging["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    for name in ("gunicorn.access", "gunicorn.error"):
        assert logging["loggers"][name]["handlers"] == ["stdout"]
