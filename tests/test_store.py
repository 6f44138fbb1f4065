import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from reviewer.annotating.placing import new_claim
from reviewer.persistence import store as store_module
from reviewer.persistence.store import ReviewerStore, StoreError, StoreLockedError, load_tables

TEXT = "Vertebroplasty did not beat a sham procedure in this trial."


def claim(number: int = 0):
    return new_claim("file:a.txt", "Alice", TEXT, 0, 14, tags=("efficacy",), note=f"n{number}")


def test_saved_claims_come_back_after_close(tmp_path):
    store = ReviewerStore.open(tmp_path, "alice", "Alice")
    kept, dropped = claim(1), claim(2)
    store.put_claim(kept)
    store.put_claim(dropped)
    store.delete_claim(dropped.id)
    store.close()
    # The TinyDB file is a real TinyDB database, and the journal has been folded into it.
    assert not (tmp_path / "alice.journal").exists()
    rows = TinyDB(tmp_path / "alice.json").table("annotations").all()
    assert [row["id"] for row in rows] == [kept.id]
    reopened = ReviewerStore.open(tmp_path, "alice", "Alice")
    assert reopened.claims() == [kept]
    reopened.close()


def test_a_save_is_on_disk_before_its_future_resolves(tmp_path):
    store = ReviewerStore.open(tmp_path, "alice", "Alice")
    saved = claim()
    store.put_claim(saved).result(timeout=5)
    on_disk = load_tables(tmp_path, "alice")["annotations"]
    assert on_disk[saved.id]["note"] == saved.note
    store.close()


def test_the_journal_is_folded_into_the_file_as_it_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "COMPACT_AFTER", 10)
    store = ReviewerStore.open(tmp_path, "alice", "Alice")
    for number in range(25):
        store.put_claim(claim(number))
    store.flush()
    store.flush()  # the writer folds the journal right after a batch; wait past it
    in_file = json.loads((tmp_path / "alice.json").read_text())["annotations"]
    assert len(in_file) >= 20
    assert len(load_tables(tmp_path, "alice")["annotations"]) == 25
    store.close()


def test_a_torn_last_journal_line_is_dropped_and_the_rest_kept(tmp_path):
    store = ReviewerStore.open(tmp_path, "alice", "Alice")
    saved = claim()
    store.put_claim(saved).result()
    store.flush()
    # Simulate a crash: the journal is left behind with half a line at its end.
    journal = tmp_path / "alice.journal"
    kept_journal = journal.read_bytes()
    store.close()
    journal.write_bytes(kept_journal + b'{"op":"put","table":"annotations","doc":{"id":"x"')
    (tmp_path / "alice.json").unlink()
    reopened = ReviewerStore.open(tmp_path, "alice", "Alice")
    assert [a.id for a in reopened.claims()] == [saved.id]
    later = claim(2)
    reopened.put_claim(later).result()
    assert {a for a in load_tables(tmp_path, "alice")["annotations"]} == {saved.id, later.id}
    reopened.close()


def test_a_second_writer_on_the_same_file_is_refused(tmp_path):
    first = ReviewerStore.open(tmp_path, "alice", "Alice")
    with pytest.raises(StoreLockedError, match="open in another reviewer window"):
        ReviewerStore.open(tmp_path, "alice", "Alice")
    other_reviewer = ReviewerStore.open(tmp_path, "bob", "Bob")  # side by side is fine
    other_reviewer.close()
    first.close()
    ReviewerStore.open(tmp_path, "alice", "Alice").close()


def test_a_file_from_a_newer_version_is_refused_and_kept(tmp_path):
    path = tmp_path / "alice.json"
    content = json.dumps({"_meta": {"1": {"schema": 99}}, "annotations": {}})
    path.write_text(content)
    with pytest.raises(StoreError, match="newer"):
        ReviewerStore.open(tmp_path, "alice", "Alice")
    assert path.read_text() == content


def test_a_truncated_file_is_reported_and_kept(tmp_path):
    path = tmp_path / "alice.json"
    path.write_text('{"annotations": {"1": {"id": ')
    with pytest.raises(StoreError, match="not valid JSON"):
        ReviewerStore.open(tmp_path, "alice", "Alice")
    assert path.read_text() == '{"annotations": {"1": {"id": '


BURST = """
import sys
from pathlib import Path
from reviewer.persistence import store as store_module
from reviewer.annotating.placing import new_claim
store_module.COMPACT_AFTER = 40  # fold often, so kills land during atomic rewrites too
store = store_module.ReviewerStore.open(Path(sys.argv[1]), "alice", "Alice")
text = "x" * 200
for number in range(100000):
    saved = new_claim("file:a.txt", "Alice", text, number % 100, number % 100 + 50, note=str(number))
    store.put_claim(saved).result()
    print(saved.id, flush=True)
"""


@pytest.mark.parametrize("acknowledged_before_kill", [1, 37, 120, 333])
def test_sigkill_mid_burst_loses_nothing_acknowledged(tmp_path, acknowledged_before_kill):
    process = subprocess.Popen(
        [sys.executable, "-c", BURST, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    acknowledged = [process.stdout.readline().strip() for _ in range(acknowledged_before_kill)]
    process.send_signal(signal.SIGKILL)
    process.wait()
    acknowledged += [line.strip() for line in process.stdout if line.strip()]
    database = tmp_path / "alice.json"
    if database.exists():
        json.loads(database.read_text())  # always whole
    on_disk = load_tables(tmp_path, "alice")["annotations"]
    assert set(acknowledged) <= set(on_disk)
    reopened = ReviewerStore.open(tmp_path, "alice", "Alice")  # the lock died with the process
    assert set(acknowledged) <= {a.id for a in reopened.claims()}
    reopened.close()


claim_numbers = st.integers(0, 7)
operations = st.lists(st.tuples(st.sampled_from(["put", "delete", "reopen"]), claim_numbers), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_any_sequence_of_saves_deletes_and_reopens_matches_a_plain_dict(tmp_path_factory, steps):
    directory = tmp_path_factory.mktemp("store")
    pool = [claim(number) for number in range(8)]
    expected: dict[str, object] = {}
    store = ReviewerStore.open(directory, "alice", "Alice")
    for action, number in steps:
        chosen = pool[number]
        if action == "put":
            chosen = pool[number] = chosen.edited(note=f"{chosen.note}+")
            store.put_claim(chosen)
            expected[chosen.id] = chosen
        elif action == "delete":
            store.delete_claim(chosen.id)
            expected.pop(chosen.id, None)
        else:
            store.close()
            store = ReviewerStore.open(directory, "alice", "Alice")
        assert {a.id: a for a in store.claims()} == expected
    store.close()
    assert {a["id"] for a in load_tables(directory, "alice")["annotations"].values()} == set(expected)


def test_a_cache_folder_keeps_within_its_size_dropping_the_least_recently_used(tmp_path):
    import os

    from reviewer.persistence.cache_folder import keep_within, mark_used

    entries = [tmp_path / f"{name}.entry" for name in ("a", "b", "c")]
    for age, entry in enumerate(reversed(entries)):  # a oldest, c newest
        entry.write_bytes(b"x" * 100)
        os.utime(entry, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    mark_used(entries[0])  # a was just read: now the most recently used
    assert keep_within(tmp_path, 200) == [entries[1]]  # b goes
    assert keep_within(tmp_path, 0, keep=entries[2]) == [entries[0]]  # never the one kept
    assert [p.name for p in tmp_path.iterdir()] == ["c.entry"]
