"""The one reloader of every knowledge folder: changed files read again, a broken file keeps its
last good version, a removed file leaves service, unchanged files are not read again."""

import os

from knowledge.live_folder import LiveFolder
from knowledge.yaml_lines import KnowledgeError


def test_changes_broken_files_and_removals(tmp_path, caplog):
    reads = []

    def read(path):
        reads.append(path.name)
        text = path.read_text(encoding="utf-8")
        if "broken" in text:
            return [KnowledgeError(path, 1, "broken")], ("good part" if "partly" in text else None)
        return [], text

    def write(name, text, at):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (at, at))  # a new modification time however fast the test runs
        return path

    folder = LiveFolder(tmp_path, read, interval=0)
    a = write("a.yml", "A1", 1_000)
    write("b.yml", "B1", 1_000)
    generation, contents = folder.snapshot()
    assert list(contents.values()) == ["A1", "B1"]
    reads.clear()
    assert folder.snapshot() == (generation, contents) and reads == []  # nothing read again

    write("a.yml", "A2", 2_000)
    assert folder.contents()[a] == "A2" and reads == ["a.yml"] and folder.generation > generation

    write("a.yml", "broken", 3_000)
    assert folder.contents()[a] == "A2"  # the last good version stays
    assert "a.yml:1: broken (the last good version stays in service)" in caplog.text

    c = write("c.yml", "partly broken", 3_000)
    assert folder.contents()[c] == "good part"  # new: what of it is good
    write("d.yml", "broken", 3_000)
    assert tmp_path / "d.yml" not in folder.contents()

    a.unlink()
    assert a not in folder.contents()  # removed: out of service
