"""The deployment files for running the store: metrics kept private, the nightly backup."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

from tests.test_deploy import DEPLOY


def test_nginx_denies_the_metrics_and_passes_a_request_id():
    site = (DEPLOY / "nginx.conf").read_text()
    assert re.search(r"location = /metrics \{\s*deny all;\s*\}", site)
    assert "proxy_set_header X-Request-ID $request_id;" in site


def test_the_app_server_keeps_every_workers_metrics_in_its_runtime_directory():
    service = (DEPLOY / "sentra.service").read_text()
    assert "RuntimeDirectory=sentra" in service
    assert "Environment=PROMETHEUS_MULTIPROC_DIR=/run/sentra/metrics" in service
    assert "--access-logfile" not in service  # the app's own JSON line per request instead


def test_the_nightly_backup_writes_one_and_removes_old_ones(tmp_path):
    checkout = tmp_path / "srv"
    (checkout / "deploy").mkdir(parents=True)
    shutil.copy(DEPLOY / "sentra-backup", checkout / "deploy")
    backups = tmp_path / "backups"
    old, recent = backups / "sentra-20260101T031500Z", backups / "sentra-20261206T031500Z"
    for folder in (old, recent):
        folder.mkdir(parents=True)
    a_month_ago = time.time() - 30 * 86400
    os.utime(old, (a_month_ago, a_month_ago))
    flask = checkout / ".venv" / "bin" / "flask"
    flask.parent.mkdir(parents=True)
    flask.write_text(f'#!/bin/sh\necho "$*" > {tmp_path}/args\nmkdir "$5/sentra-new"\n')
    flask.chmod(0o755)
    result = subprocess.run([str(checkout / "deploy" / "sentra-backup")], capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "BACKUP_DIR": str(backups)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "args").read_text().split() == ["--app", "wsgi", "backup", "--to",
                                                       str(backups)]
    assert sorted(p.name for p in backups.iterdir()) == ["sentra-20261206T031500Z", "sentra-new"]
    timer = (DEPLOY / "sentra-backup.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer
    assert "ExecStart=/srv/sentra/deploy/sentra-backup" in (
        DEPLOY / "sentra-backup.service").read_text()
