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


def test_workflow_passes_zizmor_pedantic() -> None:
    """Also the pedantic audits: every write permission says why it is there."""
    result = subprocess.run([_tool("zizmor"), "--offline", "--persona=pedantic", str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_job_asks_for_its_own_permissions_and_nothing_reads_secrets() -> None:
    wf = workflow()
    assert wf["permissions"] == {}
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    assert {name: job["permissions"] for name, job in wf["jobs"].items()} == {
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
        "preview": {"contents": "read"},
        "publish-preview": {"actions": "write", "contents": "write", "pages": "read", "pull-requests": "write"},
        "remove-preview": {"actions": "write", "contents": "write", "pull-requests": "write"},
    }


def test_pull_requests_are_checked_and_built_with_a_read_only_token() -> None:
    wf = workflow()
    assert set(wf["on"]) >= {"pull_request", "push"} and "pull_request_target" not in wf["on"]
    assert "workflow_run" not in wf["on"]
    assert set(wf["on"]["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "closed"}
    build = wf["jobs"]["build"]
    assert build["if"] == "github.event.action != 'closed'"
    runs = [s.get("run", "") for s in build["steps"]]
    assert "sjelden check" in runs and any(r.startswith("mkdocs build --strict") for r in runs)
    properdocs = next(r for r in runs if "properdocs build" in r)  # the other engine builds the same site
    assert "python -m pip install '.[properdocs]'" in properdocs and "properdocs build --strict" in properdocs
    assert "--site-dir" in properdocs  # beside site/, which is what gets published
    setup = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    # The full site (300 MB) is no longer uploaded for pull requests: the preview is.
    assert not any(s.get("uses", "").startswith("actions/upload-artifact@") for s in build["steps"])


def test_the_preview_is_built_for_every_pull_request_and_uploaded_as_an_artifact() -> None:
    preview = workflow()["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request' && github.event.action != 'closed'"
    checkout = next(s for s in preview["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"  # the merge base with origin/main
    build = next(s["run"] for s in preview["steps"] if "sjelden preview" in s.get("run", ""))
    assert 'sjelden preview --site-dir "${RUNNER_TEMP}/forhandsvisning/site" > "${RUNNER_TEMP}/forhandsvisning/sider.txt"' in build
    upload = next(s for s in preview["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "forhandsvisning" and upload["with"]["path"] == "${{ runner.temp }}/forhandsvisning/"


SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository"


def test_only_pull_requests_from_this_repository_publish_and_no_pull_request_code_runs_there() -> None:
    jobs = workflow()["jobs"]
    publish, remove = jobs["publish-preview"], jobs["remove-preview"]
    assert publish["needs"] == "preview"
    assert publish["if"].endswith(f"&& {SAME_REPOSITORY}") and "github.event.action != 'closed'" in publish["if"]
    assert remove["if"].endswith(f"&& {SAME_REPOSITORY}") and "github.event.action == 'closed'" in remove["if"]
    for job in (publish, remove):
        assert all("uses" not in step for step in job["steps"])  # no checkout, no third-party code: gh and git only
        assert job["env"]["GH_TOKEN"] == "${{ github.token }}"
        script = "\n".join(step["run"] for step in job["steps"])
        assert "${{" not in script  # event data reaches the scripts through env, never spliced into them
        assert not re.search(r"\bsjelden (check|preview)|\bpip\b|\bpython\b", script)
        assert "--force-with-lease" in script and "refs/heads/forhandsvisning" in script
        assert "gh workflow run site.yml" in script  # Pages serves main's site with the previews inside


def test_the_pull_request_gets_one_comment_found_by_its_hidden_marker() -> None:
    jobs = workflow()["jobs"]
    comment = next(s["run"] for s in jobs["publish-preview"]["steps"] if "issues/comments" in s.get("run", ""))
    assert 'marker="<!-- sjelden-forhandsvisning -->"' in comment
    assert 'select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"${marker}\\")))' in comment
    assert "-X PATCH" in comment and "-X POST" in comment
    assert "/forhandsvisning/pr-${PR}/" in comment and "sider.txt" in comment
    assert "^/[A-Za-z0-9._/-]*$" in comment  # only plain URL paths from the artifact reach the comment
    closed = "\n".join(s["run"] for s in jobs["remove-preview"]["steps"])
    assert 'git rm -rq --cached "pr-${PR}"' in closed and "-X PATCH" in closed


def test_main_deploys_to_pages_with_the_previews_inside() -> None:
    wf = workflow()
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    steps = wf["jobs"]["build"]["steps"]
    names = [s["name"] for s in steps]
    assert names.index("Ta med forhåndsvisningene") < names.index("Last opp til GitHub Pages")
    previews = steps[names.index("Ta med forhåndsvisningene")]
    assert previews["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert "tarball/forhandsvisning" in previews["run"] and "site/forhandsvisning" in previews["run"]


def test_pre_commit_runs_sjelden_check_on_staged_content() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    check = hooks["sjelden-check"]
    assert check["entry"] == "sjelden check" and check.get("pass_filenames", True)
    assert re.match(check["files"], "diagnoses/marfans-syndrom/index.md")
    assert "check-github-workflows" in hooks
