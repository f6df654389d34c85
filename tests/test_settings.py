import re
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_read_by_settings_is_documented_in_env_example():
    settings_source = (ROOT / "marketplace" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_our_pages_have_no_inline_script_or_style(alice_client, alice):
    for url in (reverse("accounts:settings"), reverse("accounts:profile_edit"), reverse("mfa_index")):
        html = alice_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), url
        assert ' style="' not in html, url


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
@pytest.mark.django_db
def test_web_requests_run_without_jit_or_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert (jit, cursor.fetchone()[0]) == ("off", "0")


def _manage(*args: str, **environment: str):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_emails_can_be_written_to_a_folder_named_in_the_environment(tmp_path):
    _manage(
        "shell",
        "-c",
        "from django.core.mail import send_mail; send_mail('Bonjour', 'Texte', 'a@example.fr', ['b@example.fr'])",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "courriels"),
    )
    assert "Subject: Bonjour" in next((tmp_path / "courriels").iterdir()).read_text()


def test_the_sqlite_database_checks_warn_of_nothing(tmp_path):
    result = _manage("check", "--database", "default", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert "W040" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_demo_moderator_is_named_in_the_readme_and_in_make_runs_banner():
    from moderation.demo import MODERATOR_EMAIL

    assert MODERATOR_EMAIL in (ROOT / "README.md").read_text()
    assert MODERATOR_EMAIL in (ROOT / "Makefile").read_text()


@pytest.mark.django_db
def test_the_admin_names_the_apps_in_french(client):
    from tests.conftest import login
    from tests.factories import UserFactory

    page = login(client, UserFactory(is_staff=True, is_superuser=True)).get("/admin/").content.decode()
    for name in ("Membres", "Cercles", "Annonces", "Échanges", "Avis et confiance", "Modération"):
        assert f">{name}<" in page, name
