"""The lifecycle as the product design describes it, written out by hand as data (not read from the code under test).

Tests compare ``villagedesk.domain.lifecycle`` and the services against this table.
"""

from __future__ import annotations

import itertools

from villagedesk.domain.lifecycle import EventType, Role, State

S = State
E = EventType
A, C = Role.AGENT, Role.CLERK
SAME = "same"

# Who may record notes, attachments, custody changes and conflict resolutions: village and town, in
# every state ("anyone may add notes and attachments; custody changes of originals are events too").
# The admin is a server-side role that enrolls devices and publishes catalogs: it authors no case events.
_EVERYWHERE = {E.NOTE_ADDED, E.ATTACHMENT_ADDED, E.CUSTODY_CHANGED, E.CONFLICT_RESOLVED}
_BEFORE_DECISION = [S.REGISTERED, S.AWAITING_MATERIALS, S.SUBMITTED, S.ACCEPTED, S.RETURNED, S.FORWARDED]
_BEFORE_DECISION.append(S.IN_PROCEDURE)

# (state, event, role) -> target state (SAME: recorded, state unchanged). Everything else is invalid.
EXPECTED: dict[tuple[State | None, EventType, Role], State | str] = {
    (None, E.CASE_REGISTERED, A): S.REGISTERED,
    # village: checks materials, tells once in writing what is missing, completes village-direct items
    (S.REGISTERED, E.MATERIALS_CHECKED, A): SAME,
    (S.AWAITING_MATERIALS, E.MATERIALS_CHECKED, A): SAME,
    (S.REGISTERED, E.MATERIALS_MISSING, A): S.AWAITING_MATERIALS,
    (S.AWAITING_MATERIALS, E.MATERIALS_SUPPLIED, A): S.REGISTERED,
    (S.REGISTERED, E.VILLAGE_COMPLETED, A): S.COMPLETED_IN_VILLAGE,
    (S.REGISTERED, E.SUBMITTED, A): S.SUBMITTED,
    (S.RETURNED, E.SUBMITTED, A): S.SUBMITTED,  # village fixes and resubmits
    # a renewed 委托书, recorded by the village while the case has still to go (again) to the town
    (S.REGISTERED, E.MANDATE_RECORDED, A): SAME,
    (S.AWAITING_MATERIALS, E.MANDATE_RECORDED, A): SAME,
    (S.RETURNED, E.MANDATE_RECORDED, A): SAME,
    # town: accepts, returns, refuses, forwards, special procedures, extension, decision, result
    (S.SUBMITTED, E.MATERIALS_MISSING, C): S.AWAITING_MATERIALS,  # "village or town"
    (S.SUBMITTED, E.ACCEPTED, C): S.ACCEPTED,
    (S.SUBMITTED, E.RETURNED, C): S.RETURNED,
    (S.ACCEPTED, E.RETURNED, C): S.RETURNED,
    (S.SUBMITTED, E.REFUSED, C): S.REFUSED,
    (S.ACCEPTED, E.FORWARDED, C): S.FORWARDED,
    (S.ACCEPTED, E.PROCEDURE_STARTED, C): S.IN_PROCEDURE,
    (S.FORWARDED, E.PROCEDURE_STARTED, C): S.IN_PROCEDURE,
    (S.IN_PROCEDURE, E.PROCEDURE_ENDED, C): S.ACCEPTED,  # resumes where it was (default: accepted)
    (S.ACCEPTED, E.EXTENSION_GRANTED, C): SAME,
    (S.FORWARDED, E.EXTENSION_GRANTED, C): SAME,
    (S.IN_PROCEDURE, E.EXTENSION_GRANTED, C): SAME,
    (S.ACCEPTED, E.DECIDED, C): S.APPROVED,  # payload outcome=approved
    (S.FORWARDED, E.DECIDED, C): S.APPROVED,
    (S.APPROVED, E.RESULT_READY, C): S.RESULT_READY,
    (S.DENIED, E.RESULT_READY, C): S.RESULT_READY,
    # village: hands over, records the evaluation, archives
    (S.RESULT_READY, E.DELIVERED, A): S.DELIVERED,
    (S.DELIVERED, E.EVALUATED, A): SAME,
    (S.COMPLETED_IN_VILLAGE, E.EVALUATED, A): SAME,
    (S.DELIVERED, E.CLOSED, A): S.CLOSED,
    (S.COMPLETED_IN_VILLAGE, E.CLOSED, A): S.CLOSED,
    (S.REFUSED, E.CLOSED, A): S.CLOSED,
    (S.WITHDRAWN, E.CLOSED, A): S.CLOSED,
}
# 好差评: a bad review is followed up (回访) and fixed (整改) by village or town once it exists.
for _state, _event, _role in itertools.product(
    (S.DELIVERED, S.COMPLETED_IN_VILLAGE, S.CLOSED), (E.FOLLOWUP_RECORDED, E.FOLLOWUP_FIXED), (A, C)
):
    EXPECTED[(_state, _event, _role)] = SAME
# 工作进展报送: a monthly report stream of its own; the village drafts and submits, the town reviews.
EXPECTED.update(
    {
        (None, E.REPORT_DRAFTED, A): S.REPORT_DRAFT,
        (S.REPORT_DRAFT, E.REPORT_DRAFTED, A): S.REPORT_DRAFT,
        (S.REPORT_RETURNED, E.REPORT_DRAFTED, A): S.REPORT_DRAFT,
        (S.REPORT_DRAFT, E.REPORT_SUBMITTED, A): S.REPORT_SUBMITTED,
        (S.REPORT_RETURNED, E.REPORT_SUBMITTED, A): S.REPORT_SUBMITTED,
        (S.REPORT_SUBMITTED, E.REPORT_ACCEPTED, C): S.REPORT_ACCEPTED,
        (S.REPORT_SUBMITTED, E.REPORT_RETURNED, C): S.REPORT_RETURNED,
    }
)
for _state in _BEFORE_DECISION:  # withdrawn: applicant's request, before a decision
    EXPECTED[(_state, E.WITHDRAWN, A)] = S.WITHDRAWN
for _state, _event, _role in itertools.product(State, _EVERYWHERE, (A, C)):
    EXPECTED[(_state, _event, _role)] = SAME if _event is not E.CONFLICT_RESOLVED else S.ACCEPTED
