"""The deployment guide works as written: the files in deploy/ are checked by the tools that
will read them on a server (Debian 12's nginx and systemd), and the environment file reads the
same to systemd (EnvironmentFile=) and to the shell (`set -a; . /etc/sentra/env`).

`.ci/run` installs nginx-light (and systemd, openssl) when missing and sets
REQUIRE_DEPLOY_TOOLS=1, so that these checks never skip there."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import setting_in_a_fresh_process

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "env.example"
SERVER_NAME = "sentra.example.id"


def tool(name: str, *candidates: str) -> str:
    """The path of a tool the check needs; a skip with the reason, or a failure in CI."""
    for path in (shutil.which(name), *candidates):
        if path and os.access(path, os.X_OK):
            return path
    message = f"{name} is not installed (Debian: see .ci/run)"
    if os.environ.get("REQUIRE_DEPLOY_TOOLS", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


# --- the environment file -----------------------------------------------------------------

def systemd_environment_file(text: str) -> dict[str, str]:
    """An environment file read by systemd's rules (systemd.exec(5), "EnvironmentFile="):
    a line without "=" or starting with # or ; is ignored; whitespace around the value is
    dropped; a value may be single-quoted (verbatim) or double-quoted (backslash escapes of
    "\\`$ and newline); unquoted, a backslash keeps the next character and ends-of-line
    continue, and everything else, a "#" included, is part of the value."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].lstrip()
        index += 1
        if not line or line[0] in "#;" or "=" not in line:
            continue
        name, raw = line.split("=", 1)
        name, raw = name.strip(), raw.lstrip(" \t")
        value = []
        quote = raw[:1] if raw[:1] in ("'", '"') else None
        position = 1 if quote else 0
        while True:
            if position >= len(raw):
                if quote and index < len(lines):  # a quoted value spans lines
                    value.append("\n")
                    raw, position = lines[index], 0
                    index += 1
                    continue
                break
            char = raw[position]
            if quote == "'":
                if char == "'":
                    break
                value.append(char)
            elif quote == '"':
                if char == '"':
                    break
                if char == "\\" and position + 1 < len(raw):
                    following = raw[position + 1]
                    value.append(following if following in '"\\`$' else "\\" + following)
                    position += 1
                elif char == "\\":  # a line continuation inside the quotes
                    raw, position = lines[index], -1
                    index += 1
                else:
                    value.append(char)
            elif char == "\\":
                if position + 1 < len(raw):
                    value.append(raw[position + 1])
                    position += 1
                elif index < len(lines):
                    raw, position = lines[index], -1
                    index += 1
            else:
                value.append(char)
            position += 1
        values[name] = "".join(value) if quote else "".join(value).rstrip(" \t\r")
    return values


def shell_environment_file(path: Path) -> tuple[dict[str, str], str]:
    """The variables `set -a; . FILE; set +a` exports in Debian's /bin/sh, and what it said on
    stderr (a value the shell runs as a command shows there)."""
    script = ('set -a; . "$1"; set +a; exec "$2" -c '
              '"import json, os; print(json.dumps(dict(os.environ)))"')
    result = subprocess.run(["/bin/sh", "-c", script, "sh", str(path), sys.executable],
                            env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert result.returncode == 0, f"the shell could not read {path}: {result.stderr}"
    exported = json.loads(result.stdout)
    for name in ("PATH", "PWD", "SHLVL", "_", "OLDPWD", "LC_CTYPE"):
        exported.pop(name, None)
    return exported, result.stderr


@pytest.mark.parametrize("text,expected", [
    ("A=plain\n", {"A": "plain"}),
    ("A=  spaced value  \n", {"A": "spaced value"}),
    ("A=value # a comment\n", {"A": "value # a comment"}),  # why comments need lines of their own
    ("# note\n; note\nA='single $HOME \\n'\n", {"A": "single $HOME \\n"}),
    ('A="double \\"quoted\\" \\$x \\n"\n', {"A": 'double "quoted" $x \\n'}),
    ("A=one\\\ntwo\n", {"A": "onetwo"}),
    ("A='two\nlines'\n", {"A": "two\nlines"}),
])
def test_the_systemd_reading_follows_its_documented_rules(text, expected):
    assert systemd_environment_file(text) == expected


def test_the_environment_example_reads_the_same_to_systemd_and_to_the_shell():
    by_systemd = systemd_environment_file(ENV_EXAMPLE.read_text())
    by_shell, complaints = shell_environment_file(ENV_EXAMPLE)
    assert complaints == ""
    assert by_shell == by_systemd
    assert by_systemd["BANK_TRANSFER_HOLDER"] == "PT Sentra Pasar Perbatasan"
    assert by_systemd["MAIL_DEFAULT_SENDER"].startswith("Sentra <")
    assert by_systemd["SENTRA_CONFIG"] == "production"


def test_the_environment_example_names_what_production_needs():
    text = ENV_EXAMPLE.read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.M))
    for name in ("SENTRA_CONFIG", "SECRET_KEY", "DATABASE_URL", "RELEASE", "REDIS_URL",
                 "CACHE_REDIS_URL", "INSTANCE_DIR", "MEDIA_DIR", "SEARCH_INDEX_DIR",
                 "PUBLIC_BASE_URL", "TRUSTED_HOSTS", "MEDIA_STORAGE", "MEDIA_URL", "S3_BUCKET",
                 "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX", "AWS_ACCESS_KEY_ID",
                 "AWS_SECRET_ACCESS_KEY", "MAIL_SERVER", "STRIPE_SECRET_KEY"):
        assert name in named, name
    for path in re.findall(r"=(/var/lib/sentra\S*)", text):
        assert path.startswith("/var/lib/sentra")  # the StateDirectory= of the units


def test_every_setting_the_app_reads_is_in_the_development_example():
    config = (ROOT / "marketplace" / "config.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|_int|_bool)\(\s*"([A-Z][A-Z0-9_]+)"', config))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in read if not re.search(rf"\b{name}=", example))
    assert missing == []


def test_the_cli_wrapper_loads_the_environment_file_like_systemd(tmp_path):
    """deploy/sentra-flask: what an administrator runs by hand and what cron-like jobs run."""
    checkout = tmp_path / "srv"
    (checkout / "deploy").mkdir(parents=True)
    shutil.copy(DEPLOY / "sentra-flask", checkout / "deploy")
    flask = checkout / ".venv" / "bin" / "flask"
    flask.parent.mkdir(parents=True)
    flask.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                     "print(json.dumps({'args': sys.argv[1:], 'env': dict(os.environ)}))\n")
    flask.chmod(0o755)
    result = subprocess.run([str(checkout / "deploy" / "sentra-flask"), "db", "upgrade"],
                            env={"PATH": "/usr/bin:/bin", "SENTRA_ENV_FILE": str(ENV_EXAMPLE)},
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    seen = json.loads(result.stdout)
    assert seen["args"] == ["--app", "wsgi", "db", "upgrade"]
    for name, value in systemd_environment_file(ENV_EXAMPLE.read_text()).items():
        assert seen["env"][name] == value, name


def test_each_housekeeping_step_runs_even_when_one_before_it_fails(tmp_path):
    checkout = tmp_path / "srv"
    (checkout / "deploy").mkdir(parents=True)
    shutil.copy(DEPLOY / "sentra-cron", checkout / "deploy")
    log = tmp_path / "steps.log"
    flask = checkout / ".venv" / "bin" / "flask"
    flask.parent.mkdir(parents=True)
    flask.write_text(f'#!/bin/sh\necho "$*" >> {log}\n[ "$3 $4" != "orders expire" ]\n')
    flask.chmod(0o755)
    result = subprocess.run([str(checkout / "deploy" / "sentra-cron")], capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0  # the unit shows that a step failed...
    assert "orders expire" in result.stderr
    steps = log.read_text().splitlines()  # ...and every step ran all the same
    assert steps == ["--app wsgi orders expire", "--app wsgi orders auto-complete",
                     "--app wsgi orders enforce-deadlines", "--app wsgi mail send-pending",
                     "--app wsgi search apply-pending", "--app wsgi privacy prepare-exports",
                     "--app wsgi privacy purge-guest-addresses",
                     "--app wsgi sellers purge-pending-photos"]
    assert "ExecStart=/srv/sentra/deploy/sentra-cron" in (DEPLOY / "sentra-cron.service").read_text()


# --- systemd units --------------------------------------------------------------------------

def test_the_systemd_units_verify(tmp_path):
    analyze = tool("systemd-analyze")
    units = []
    for name in ("sentra.service", "sentra-cron.service", "sentra-cron.timer",
                 "sentra-backup.service", "sentra-backup.timer"):
        text = (DEPLOY / name).read_text()
        # Where the checkout is on a server, here; the environment file, the example.
        text = text.replace("/srv/sentra", str(ROOT)).replace("/etc/sentra/env", str(ENV_EXAMPLE))
        (tmp_path / name).write_text(text)
        units.append(str(tmp_path / name))
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    service = (DEPLOY / "sentra.service").read_text()
    assert "StateDirectory=sentra" in service  # /var/lib/sentra, writable by the app's user
    assert "--limit-request-line 8190" in service  # above the app's MAX_URL_LENGTH


# --- nginx ------------------------------------------------------------------------------------

def test_the_nginx_example_passes_nginx_t_with_a_throwaway_certificate(tmp_path):
    nginx = tool("nginx", "/usr/sbin/nginx")
    openssl = tool("openssl")
    live = tmp_path / "letsencrypt" / "live" / SERVER_NAME
    live.mkdir(parents=True)
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={SERVER_NAME}", "-keyout", str(live / "privkey.pem"),
                    "-out", str(live / "fullchain.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx.conf").read_text().replace("/etc/letsencrypt",
                                                       str(tmp_path / "letsencrypt"))
    (tmp_path / "sentra.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include /etc/nginx/mime.types;\n"
        f"  include {tmp_path}/sentra.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                             "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_the_nginx_example_refuses_unknown_hosts_and_secures_what_it_serves():
    site = (DEPLOY / "nginx.conf").read_text()
    blocks = re.findall(r"server \{(.*?)\n\}", site, re.S)
    defaults = [block for block in blocks if "default_server" in block]
    assert len(defaults) == 2  # port 80 and port 443
    assert all("return 444" in b or "ssl_reject_handshake on" in b for b in defaults)
    assert re.search(r"location /\.well-known/acme-challenge/", site)
    for location in ("/static/", "/media/"):
        body = re.search(rf"location {location} \{{(.*?)\}}", site, re.S).group(1)
        for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                       "Strict-Transport-Security"):
            assert header in body, (location, header)


# --- what production needs --------------------------------------------------------------------

def test_sessions_and_limits_keep_their_redis_when_the_cache_has_its_own():
    env = {"SENTRA_CONFIG": "development", "REDIS_URL": "redis://127.0.0.1:6379/0",
           "CACHE_REDIS_URL": "redis://127.0.0.1:6380/0"}
    assert setting_in_a_fresh_process("CACHE_REDIS_URL", **env) == "redis://127.0.0.1:6380/0"
    # Redis, with each process's copy of what it uses before it (marketplace/tiered_cache.py).
    assert (setting_in_a_fresh_process("CACHE_TYPE", **env)
            == "marketplace.tiered_cache.TieredRedisCache")
    assert setting_in_a_fresh_process("RATELIMIT_STORAGE_URI", **env) == env["REDIS_URL"]
    assert setting_in_a_fresh_process("SESSION_STORE", **env) == "redis"
    only_one = {"REDIS_URL": "redis://127.0.0.1:6379/0"}
    assert setting_in_a_fresh_process("CACHE_REDIS_URL", **only_one) == only_one["REDIS_URL"]


def test_photos_are_stored_readable_by_the_web_server(app):
    """nginx (www-data) serves /media/ straight from MEDIA_DIR: a photo only its owner can read
    would be a 403 there."""
    from marketplace.catalog.media_storage import LocalMediaStorage

    storage = LocalMediaStorage(app.config["MEDIA_DIR"])
    storage.save("ab/abcdef-test.webp", b"RIFF")
    mode = stat.S_IMODE((Path(app.config["MEDIA_DIR"]) / "ab" / "abcdef-test.webp").stat().st_mode)
    storage.delete("ab/abcdef-test.webp")
    assert mode & 0o044 == 0o044  # group and others may read
