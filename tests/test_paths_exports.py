"""Exports go where a secretary finds them: 文档\\支部工作台, not the hidden data folder."""

from __future__ import annotations

from pathlib import Path

from tui import paths


def test_default_export_folder_is_in_documents(monkeypatch, tmp_path):
    monkeypatch.delenv("ZHIBU_HOME", raising=False)
    monkeypatch.delenv("ZHIBU_EXPORTS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "文档"))
    folder = paths.exports_dir()
    assert folder == tmp_path / "文档" / "支部工作台"
    assert paths.data_dir() not in folder.parents


def test_export_folder_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHIBU_EXPORTS", str(tmp_path / "out"))
    assert paths.exports_dir() == tmp_path / "out"
    monkeypatch.delenv("ZHIBU_EXPORTS")
    monkeypatch.setenv("ZHIBU_HOME", str(tmp_path / "D"))
    assert paths.exports_dir() == Path(tmp_path / "D" / "exports")
