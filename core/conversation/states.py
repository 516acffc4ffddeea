"""The conversation's states, stored as strings in `conversations.state`."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    IDLE = "idle"                          # no draft: greeting and main menu
    CONSENT = "consent"                    # privacy notice shown, waiting for yes or no
    DECLINED = "declined"                  # consent declined: anonymous suggestion offered
    ANON_TEXT = "anon_text"                # writing an anonymous suggestion
    DESCRIBE = "describe"                  # complaint text and evidence, until "done"
    CATEGORY = "category"                  # choosing a category
    HOSPITAL = "hospital"                  # typing the hospital (medical complaints)
    HOSPITAL_CONFIRM = "hospital_confirm"  # confirming a matched hospital
    NAME = "name"                          # name and surname (one or two messages)
    SURNAME = "surname"                    # the surname, when the name came alone
    ADDRESS = "address"                    # address text or a LINE location
    PROVINCE = "province"                  # the province, when the address showed none
    DISTRICT = "district"                  # the Bangkok district, when the address showed none
    PHONE = "phone"                        # phone number
    CONFIRM = "confirm"                    # summary: confirm, edit a field, or cancel
    CANCEL_CONFIRM = "cancel_confirm"      # "really cancel?" / "really start over?"
    RESUME = "resume"                      # a returning person: continue the draft or not
    LINK_TRACKING = "link_tracking"        # linking a phone/letter case: tracking number
    LINK_PHONE = "link_phone"              # linking: last four digits of the phone
    REOPEN_REASON = "reopen_reason"        # why a closed case should be reopened


# States in which a complaint draft exists (kept while idle, resumable).
DRAFT_STATES = frozenset({
    State.DESCRIBE, State.CATEGORY, State.HOSPITAL, State.HOSPITAL_CONFIRM, State.NAME,
    State.SURNAME, State.ADDRESS, State.PROVINCE, State.DISTRICT, State.PHONE, State.CONFIRM,
})
# States whose free text is kept (complaint, more description, suggestion): a typed label of
# any button is taken as that button there, never as text.
COLLECTS_TEXT = frozenset({State.CONSENT, State.DECLINED, State.ANON_TEXT, State.DESCRIBE,
                           State.CATEGORY, State.REOPEN_REASON})
# States in which a photo or file is taken as evidence of the complaint.
EVIDENCE_STATES = DRAFT_STATES


def state_of(value: str | None) -> State:
    """The state stored in a row; unknown or missing values fall back to IDLE."""
    try:
        return State(value) if value else State.IDLE
    except ValueError:
        return State.IDLE


def accepts_evidence(value: str | None, data: dict | None = None) -> bool:
    """True when a photo or file sent now becomes evidence (the service downloads it): in a
    draft's step, or while asked whether to continue a draft."""
    state = state_of(value)
    return state in EVIDENCE_STATES or (
        state == State.RESUME and state_of((data or {}).get("back")) in DRAFT_STATES)
