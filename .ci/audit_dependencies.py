"""Audit the installed environment with pip-audit; tell a finding from an unreachable database.

Exit 1 on any known vulnerability (or any pip-audit failure that is not a network
failure). Exit 0 with a printed NOTICE, never as a pass, when the vulnerability
database cannot be reached, which shows up two ways:

- the service's host does not answer (a connection or name-resolution error), or
- every dependency comes back "could not be audited": the default PyPI service answers
  404 for every package on a machine that reaches only a package mirror, and pip-audit
  then prints a vacuous "No known vulnerabilities found" with exit code 0.

The editable project itself is skipped (`--skip-editable`): it is not on PyPI.
"""

from __future__ import annotations

import json
import subprocess
import sys

COMMAND = ["pip-audit", "--format", "json", "--progress-spinner", "off", "--skip-editable"]
NETWORK_ERRORS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "ConnectTimeout",
    "ReadTimeout",
)


def verdict(returncode: int, stdout: str, stderr: str) -> tuple[int, str]:
    """(exit code, message) for one pip-audit run."""
    try:
        report = json.loads(stdout)
    except ValueError:
        report = None
    if report is None:
        if any(marker in stderr for marker in NETWORK_ERRORS):
            return 0, "NOTICE: pip-audit skipped: the vulnerability database cannot be reached."
        return returncode or 1, f"pip-audit failed (exit {returncode}):\n{stderr.strip()}"
    dependencies = report.get("dependencies", [])
    found = [d for d in dependencies if d.get("vulns")]
    if found:
        return 1, "pip-audit found known vulnerabilities:\n" + "\n".join(map(_finding, found))
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    if not audited:
        reason = skipped[0]["skip_reason"] if skipped else "no dependencies reported"
        return 0, (
            f"NOTICE: pip-audit skipped: the vulnerability database cannot be reached "
            f"(none of {len(skipped)} dependencies could be audited, e.g. {reason!r}). "
            "This is not a pass; audit on a machine with internet access before a release."
        )
    message = f"pip-audit: {len(audited)} dependencies audited, no known vulnerabilities."
    if skipped:
        message += f" Not audited ({len(skipped)}): " + "; ".join(
            d["skip_reason"] for d in skipped
        )
    if returncode:
        return returncode, f"pip-audit exited {returncode}:\n{stderr.strip()}"
    return 0, message


def _finding(dependency: dict) -> str:
    """'  flask 3.1.0: PYSEC-2099-1 (fixed in 3.1.1), ...'."""
    vulns = []
    for vuln in dependency["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or ())
        vulns.append(vuln["id"] + (f" (fixed in {fixed})" if fixed else ""))
    return f"  {dependency['name']} {dependency.get('version', '')}: " + ", ".join(vulns)


def main() -> int:
    run = subprocess.run(COMMAND, capture_output=True, text=True, check=False)  # noqa: S603
    code, message = verdict(run.returncode, run.stdout, run.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main())
