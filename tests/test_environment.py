"""pyproject.toml and environment.yml must ask for the same packages with the same lower bounds."""
import re
import tomllib

import yaml

from conftest import REPO


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_pyproject_and_environment_agree():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    wanted = dict(_split(r) for r in pyproject["project"]["dependencies"])
    for extra in pyproject["project"]["optional-dependencies"].values():
        wanted |= dict(_split(r) for r in extra)
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    listed = dict(_split(d) for d in env["dependencies"] if isinstance(d, str))
    listed = {name: bound for name, bound in listed.items() if name not in ("python", "pip")}
    assert listed == wanted
    assert all(bound.startswith(">=") for bound in wanted.values()), "every dependency has a lower bound"


def test_makefile_and_ci_use_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, flags=re.S)[0].split("\n")
    commands = [c.split("#")[0].strip() for c in commands if c.split("#")[0].strip()]
    assert commands[:2] == ["make report", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text()
