"""A Hypothesis state machine drives uploads (good and bad), deletes and batch
operations in random order and checks after every step that the files on disk, the
rows in the database and the API's list all agree with a simple model."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from tests.files.helpers import PNG_BYTES, assert_consistent, sample, upload

GOOD_TYPES = ("csv", "tsv", "json", "jsonl", "xlsx", "parquet")
BAD_UPLOADS = [(PNG_BYTES, "image.csv"), (b"", "empty.json"), (b"a,b\n", "x.exe"), (b"PK\x03\x04zz", "bad.xlsx")]
names = st.sampled_from(["Sales 2024", "sales-2024", "data", "../../etc/passwd", "CON", "x" * 80])


def test_files_state_machine(app, settings):
    """Any sequence of uploads, deletes and batch operations keeps disk, database and list in step."""
    client = app.test_client()
    store = app.extensions["datapulse"].uploads

    class Files(RuleBasedStateMachine):
        files = Bundle("files")

        def __init__(self) -> None:
            super().__init__()
            for row in assert_consistent(app, settings):  # each example starts empty
                store.delete(row.id)
            self.model: dict[str, str] = {}  # id -> table_name

        @rule(target=files, file_type=st.sampled_from(GOOD_TYPES), name=names, count=st.integers(1, 2))
        def upload_good(self, file_type: str, name: str, count: int):  # type: ignore[no-untyped-def]
            r = upload(client, *[(sample(file_type), f"{name}.{file_type}")] * count)
            assert r.status_code == 201, r.get_json()
            infos = r.get_json()["files"]
            for info in infos:
                assert info["status"] == "ready"
                assert info["table_name"] not in self.model.values()
                self.model[info["id"]] = info["table_name"]
            return infos[0]["id"]

        @rule(bad=st.sampled_from(BAD_UPLOADS), with_good=st.booleans())
        def upload_bad(self, bad: tuple[bytes, str], with_good: bool) -> None:
            parts = [(sample("csv"), "good.csv"), bad] if with_good else [bad]
            r = upload(client, *parts)
            assert r.status_code in (415, 422), r.get_json()

        @rule(file_id=consumes(files))
        def delete(self, file_id: str) -> None:
            r = client.delete(f"/api/files/{file_id}")
            assert r.status_code == (204 if file_id in self.model else 404)
            self.model.pop(file_id, None)

        @rule(file_ids=st.lists(files, max_size=3), unknown=st.booleans())
        def batch_delete(self, file_ids: list[str], unknown: bool) -> None:
            ids = [*file_ids, "f" * 32] if unknown else file_ids
            if not ids:
                return
            r = client.post("/api/files/batch", json={"operation": "delete", "ids": ids})
            assert r.status_code == 200
            seen: set[str] = set()
            for file_id, result in zip(ids, r.get_json()["results"], strict=True):
                expect = file_id in self.model and file_id not in seen
                assert result["ok"] is expect and result["status"] == (204 if expect else 404)
                seen.add(file_id)
            for file_id in seen:
                self.model.pop(file_id, None)

        @rule(file_ids=st.lists(files, min_size=1, max_size=3))
        def batch_profile(self, file_ids: list[str]) -> None:
            r = client.post("/api/files/batch", json={"operation": "profile", "ids": file_ids})
            for file_id, result in zip(file_ids, r.get_json()["results"], strict=True):
                assert result["ok"] is (file_id in self.model)
                if result["ok"]:
                    assert result["file"]["status"] == "ready"

        @invariant()
        def disk_database_and_list_agree(self) -> None:
            rows = assert_consistent(app, settings)
            assert {r.id: r.table_name for r in rows} == self.model
            assert not list(settings.UPLOAD_FOLDER.glob(".upload-*"))
            listed = client.get("/api/files?per_page=500").get_json()
            assert {f["id"] for f in listed["items"]} == set(self.model) and listed["total"] == len(self.model)

    run_state_machine_as_test(
        Files,
        settings=hsettings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
