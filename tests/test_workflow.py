"""The content repository's CI workflow and pre-commit configuration."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/site.yml"


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} er ikke installert (pip install -e '.[test]')")
    return found


def workflow() -> dict:
    return yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # BaseLoader: keeps «on» a string


def test_workflow_satisfies_githubs_schema() -> None:
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_passes_zizmor() -> None:
    result = subprocess.run([_tool("zizmor"), "--offline", str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_by_commit_and_checkout_keeps_no_token() -> None:
    steps = [step for job in workflow()["jobs"].values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", u) for u in uses), uses
    checkout = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and all(s["with"]["persist-credentials"] == "false" for s in checkout)


def test_pull_requests_check_build_and_preview_without_secrets() -> None:
    wf = workflow()
    assert set(wf["on"]) >= {"pull_request", "push"} and "pull_request_target" not in wf["on"]
    assert wf["permissions"] == {}
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    build = wf["jobs"]["build"]
    assert build["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in build["steps"]]
    assert "sjelden check" in runs and any(r.startswith("mkdocs build --strict") for r in runs)
    preview = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site/"
    setup = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"


def test_main_deploys_to_pages_with_only_the_permissions_it_needs() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_runs_sjelden_check_on_staged_content() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    check = hooks["sjelden-check"]
    assert check["entry"] == "sjelden check" and check.get("pass_filenames", True)
    assert re.match(check["files"], "diagnoses/marfans-syndrom/index.md")
    assert "check-github-workflows" in hooks
