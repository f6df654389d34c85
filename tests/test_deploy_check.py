import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check_deploy(**environment: str) -> subprocess.CompletedProcess:
    # A production environment: no test-only switches (DJANGO_ALLOW_ASYNC_UNSAFE is for the test run).
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "cercle.example",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    # Behind the one TLS proxy the README prescribes.
    result = _check_deploy(ALLAUTH_TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_no_trusted_proxy_is_configured():
    result = _check_deploy(ALLAUTH_TRUSTED_PROXY_COUNT="0", ALLAUTH_TRUSTED_CLIENT_IP_HEADER="")
    assert "marketplace.W001" in result.stdout + result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "cercle.example"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0


def test_the_web_process_keeps_what_loading_the_site_created_out_of_the_collector():
    """gunicorn.conf.py freezes what a worker loaded, so that full collections stay short."""
    code = (
        "import gc, runpy; import marketplace.wsgi; "
        "runpy.run_path('gunicorn.conf.py')['post_worker_init'](None); print(gc.get_freeze_count())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert int(result.stdout.strip() or 0) > 10_000, result.stderr
