"""The installed package is whole: the wheel `pip install .` builds carries every file the
service reads at run time, and the release docs the deploy guide points to."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from service.shipped_files import SHARE, shipped_dir

ROOT = Path(__file__).resolve().parents[2]
DATA = f"gba_footprint-0.1.0.data/data/{SHARE}"
SKIP = shutil.ignore_patterns(
    ".git", "__pycache__", "build", "*.egg-info", ".venv", "instance", ".pytest_cache", "*.pyc"
)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Build the wheel from a copy of the checkout (the build writes build/ into its source)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    shutil.rmtree(source / "tests")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    done = subprocess.run(  # noqa: S603  (our own fixed command line)
        [*command, "-w", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (work / "dist").glob("gba_footprint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _tracked(pattern: str) -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in ROOT.glob(pattern))


def test_the_wheel_carries_what_the_pages_and_labels_read(wheel_names):
    expected = [
        "service/web/static/style.css",
        "certificates/contexts/label-v1.jsonld",
        "lca_models/data/ipcc_ar6_gwp100.csv",
        "lca_models/library/data/datasets.csv",
        "lca_models/library/data/exchanges.csv",
        "lca_models/library/data/SOURCES.md",
    ]
    expected += [name for name in _tracked("service/web/translations/*/LC_MESSAGES/messages.mo")]
    assert len(expected) >= 9
    assert [name for name in expected if name not in wheel_names] == []


def test_the_wheel_carries_every_template_migration_and_the_release_docs(wheel_names):
    expected = [f"{DATA}/{name}" for name in _tracked("templates/**/*.*")]
    expected += [f"{DATA}/{name}" for name in _tracked("migrations/versions/*.py")]
    expected += [f"{DATA}/migrations/env.py", f"{DATA}/migrations/script.py.mako"]
    expected += [f"{DATA}/docs/ARCHITECTURE.md", f"{DATA}/deploy/README.md"]
    expected += [f"{DATA}/deploy/{name}" for name in ("migrate.sh", "run-web.sh")]
    expected += [f"{DATA}/deploy/systemd/gba-web.service"]
    assert len(expected) > 25
    assert [name for name in expected if name not in wheel_names] == []
    # The deploy guide's pointer resolves: the shipped doc is the checkout's.
    assert "ARCHITECTURE.md" in (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")


def test_an_installed_release_finds_its_folders_under_share(tmp_path):
    installed = tmp_path / SHARE / "templates"
    installed.mkdir(parents=True)
    # In a checkout the top-level folder wins; without one, the installed copy is found.
    assert shipped_dir("templates", (str(tmp_path),)) == ROOT / "templates"
    assert shipped_dir("no-such-folder", (str(tmp_path),)) == ROOT / "no-such-folder"
    (tmp_path / SHARE / "no-such-folder").mkdir()
    found = shipped_dir("no-such-folder", (str(tmp_path),))
    assert found == tmp_path / SHARE / "no-such-folder"
