"""The conversation's memory round-trips through JSON and its copy shares nothing."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from core.conversation.memory import Draft, Memory

text = st.text(max_size=8)
parts = st.lists(st.fixed_dictionaries({"id": text, "text": text}), max_size=3)
drafts = st.builds(Draft, parts=parts, evidence=parts, category=st.none() | text,
                   suggestions=st.lists(text, max_size=3), hospital_done=st.booleans(),
                   hospital_candidates=st.lists(st.dictionaries(text, text, max_size=2),
                                                max_size=2), phone=st.none() | text)
memories = st.builds(Memory, draft=drafts, consent=st.none() | st.dictionaries(text, text),
                     link_attempts=st.integers(0, 5), anon=st.lists(text, max_size=3))


@given(memories)
def test_to_data_is_what_asdict_gives_and_round_trips(memory: Memory) -> None:
    data = memory.to_data()
    assert data == asdict(memory)
    assert Memory.from_data(json.loads(json.dumps(data))) == memory


@given(memories)
def test_to_data_shares_nothing_with_the_memory(memory: Memory) -> None:
    data = memory.to_data()
    before = json.dumps(data, sort_keys=True)
    memory.draft.parts.append({"id": "x", "text": "later"})
    for part in memory.draft.evidence:
        part["text"] = "changed"
    memory.anon.append("later")
    if memory.consent is not None:
        memory.consent["version"] = "changed"
    assert json.dumps(data, sort_keys=True) == before


def test_a_text_held_before_consent_by_an_older_version_is_kept() -> None:
    memory = Memory.from_data({"pending_text": "โรงพยาบาลเก็บเงินเพิ่ม", "anon": []})
    assert memory.pending_parts == [{"id": None, "text": "โรงพยาบาลเก็บเงินเพิ่ม"}]
    assert "pending_text" not in memory.to_data()
