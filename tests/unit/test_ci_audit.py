"""The CI's dependency audit (`.ci/audit_dependencies.py`): a finding fails, an unreachable
vulnerability database is a printed notice (never a pass), a real audit passes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

SKIPPED = "Dependency not found on PyPI and could not be audited: flask (3.1.0)"


def report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_every_dependency_skipped_is_unreachable_not_a_pass():
    skipped = report(
        {"name": "flask", "skip_reason": SKIPPED}, {"name": "nh3", "skip_reason": SKIPPED}
    )
    code, message = audit.verdict(0, skipped, "No known vulnerabilities found")
    assert code == 0
    assert message.startswith("NOTICE: pip-audit skipped") and "not a pass" in message
    assert "no known vulnerabilities" not in message


def test_a_known_vulnerability_fails():
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["3.1.1"], "aliases": [], "description": ""}
    code, message = audit.verdict(
        1,
        report(
            {"name": "flask", "version": "3.1.0", "vulns": [vuln]},
            {"name": "nh3", "version": "0.2.18", "vulns": []},
        ),
        "",
    )
    assert code == 1
    assert "flask 3.1.0: PYSEC-2099-1 (fixed in 3.1.1)" in message


def test_an_unreachable_host_is_a_notice():
    error = "requests.exceptions.ConnectionError: ... NameResolutionError(...)"
    code, message = audit.verdict(1, "", error)
    assert code == 0 and message.startswith("NOTICE: pip-audit skipped")


def test_any_other_failure_fails():
    code, message = audit.verdict(2, "", "usage: pip-audit [-h] ...")
    assert code == 2 and "pip-audit failed" in message


def test_a_real_audit_without_findings_passes_and_names_what_it_skipped():
    code, message = audit.verdict(
        0,
        report(
            {"name": "flask", "version": "3.1.0", "vulns": []},
            {"name": "private-thing", "skip_reason": SKIPPED},
        ),
        "",
    )
    assert code == 0
    assert message.startswith("pip-audit: 1 dependencies audited, no known vulnerabilities.")
    assert "Not audited (1)" in message
