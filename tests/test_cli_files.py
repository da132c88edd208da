"""``formify files ...`` and ``formify templates ...`` against the emulator."""

from __future__ import annotations

from pathlib import Path

from _cli import emulator_env, one_line_error, run, run_json

from formify.testing import Emulator, sample_pdf


def test_files_upload_fields_merge_delete(formify_emulator: Emulator, tmp_path: Path) -> None:
    emu = formify_emulator
    env = emulator_env(emu, tmp_path)
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(sample_pdf())
    first = run_json("files", "upload", str(pdf), env=env)["fileId"]
    second = run("files", "upload", str(pdf), "--name", "other.pdf", env=env)
    assert second.returncode == 0 and second.stderr == ""
    second_id = second.stdout.strip()
    fields = run_json("files", "fields", first, env=env)
    assert [f["name"] for f in fields] == [f.name for f in emu.client().files.fields(first)]
    assert fields  # the sample PDF has form fields
    merged = run_json("files", "merge", first, second_id, "--name", "both", env=env)["fileId"]
    assert merged not in (first, second_id)
    assert run_json("files", "delete", merged, env=env) == {"fileId": merged, "deleted": True}
    one_line_error(run("files", "fields", merged, env=env), 1, "NotFoundError")
    too_few = run("files", "merge", first, "--name", "one", env=env)
    assert too_few.returncode == 2 and "ValidationError: " in too_few.stderr


def test_templates_list_and_show(formify_emulator: Emulator, tmp_path: Path) -> None:
    emu = formify_emulator
    env = emulator_env(emu, tmp_path)
    listed = run_json("templates", "list", env=env)
    expected = [t.template_id for t in emu.client().templates.list()]
    assert [t["templateId"] for t in listed] == expected and expected
    shown = run_json("templates", "show", expected[0], env=env)
    assert shown["templateId"] == expected[0]
    assert [f["name"] for f in shown["fields"]] == [
        f.name for f in emu.client().templates.fields(expected[0])
    ]
    text = run("templates", "list", env=env)
    assert text.returncode == 0 and expected[0] in text.stdout
