"""The lifecycle as the product design describes it, written out by hand as data (not read from the code under test).

Tests compare ``villagedesk.domain.lifecycle`` and the services against this table.
"""

from __future__ import annotations

import itertools

from villagedesk.domain.lifecycle import EventType, Role, State

S = State
E = EventType
A, C, Y = Role.AGENT, Role.CLERK, Role.CITY
SAME = "same"

# Who may record notes, attachments, custody changes and conflict resolutions: village and town, in
# every state ("anyone may add notes and attachments; custody changes of originals are events too").
# The admin is a server-side role that enrolls devices and publishes catalogs: it authors no case events.
_EVERYWHERE = {E.NOTE_ADDED, E.ATTACHMENT_ADDED, E.ATTACHMENT_REMOVED, E.CUSTODY_CHANGED, E.CONFLICT_RESOLVED}
_BEFORE_DECISION = [S.REGISTERED, S.AWAITING_MATERIALS, S.SUBMITTED, S.ACCEPTED, S.RETURNED, S.FORWARDED]
_BEFORE_DECISION += [S.CITY_ACCEPTED, S.IN_PROCEDURE]

# Where the case stood before the pause, for the rows whose target depends on it.
RESUMED_FROM: dict[tuple[State | None, EventType, Role], State] = {
    (S.RETURNED, E.MATERIALS_SUPPLIED, A): S.FORWARDED,
    (S.IN_PROCEDURE, E.PROCEDURE_ENDED, Y): S.CITY_ACCEPTED,  # the city ends only its own procedure
}

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
    # the city (市级审批服务中心), on a city-level item the town forwarded: accepts, returns for correction
    # (back to the village, which resubmits through the town), refuses, extends, decides
    (S.FORWARDED, E.ACCEPTED, Y): S.CITY_ACCEPTED,
    (S.FORWARDED, E.RETURNED, Y): S.RETURNED,
    (S.CITY_ACCEPTED, E.RETURNED, Y): S.RETURNED,
    (S.FORWARDED, E.REFUSED, Y): S.REFUSED,
    (S.CITY_ACCEPTED, E.EXTENSION_GRANTED, Y): SAME,
    (S.CITY_ACCEPTED, E.PROCEDURE_STARTED, Y): S.IN_PROCEDURE,
    (S.IN_PROCEDURE, E.PROCEDURE_ENDED, Y): S.CITY_ACCEPTED,
    (S.CITY_ACCEPTED, E.DECIDED, Y): S.APPROVED,
    # after the city's 补正 the village supplies the materials and the case is the city's again, where it
    # stood before the return (history: see RESUMED_FROM)
    (S.RETURNED, E.MATERIALS_SUPPLIED, A): S.FORWARDED,
    # the town hands the city's decision on to the village as its own
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
# 镇→市: the town drafts and submits its own report, the city reviews it (none of it a village's).
EXPECTED.update(
    {
        (None, E.TOWN_REPORT_DRAFTED, C): S.REPORT_DRAFT,
        (S.REPORT_DRAFT, E.TOWN_REPORT_DRAFTED, C): S.REPORT_DRAFT,
        (S.REPORT_RETURNED, E.TOWN_REPORT_DRAFTED, C): S.REPORT_DRAFT,
        (S.REPORT_DRAFT, E.TOWN_REPORT_SUBMITTED, C): S.REPORT_SUBMITTED,
        (S.REPORT_RETURNED, E.TOWN_REPORT_SUBMITTED, C): S.REPORT_SUBMITTED,
        (S.REPORT_SUBMITTED, E.TOWN_REPORT_ACCEPTED, Y): S.REPORT_ACCEPTED,
        (S.REPORT_SUBMITTED, E.TOWN_REPORT_RETURNED, Y): S.REPORT_RETURNED,
    }
)
# 星级考评: the town scores a center's year (and scores it again at any time), the city reviews it.
# 督查: a town or the city inspects; the inspected village answers (整改情况), again until it is fixed.
Y = Role.CITY
EXPECTED.update(
    {
        (None, E.RATING_SCORED, C): S.RATING_SCORED,
        (S.RATING_SCORED, E.RATING_SCORED, C): S.RATING_SCORED,
        (S.RATING_REVIEWED, E.RATING_SCORED, C): S.RATING_SCORED,
        (S.RATING_SCORED, E.RATING_REVIEWED, Y): S.RATING_REVIEWED,
        (S.RATING_REVIEWED, E.RATING_REVIEWED, Y): S.RATING_REVIEWED,
        (None, E.INSPECTION_RECORDED, C): S.INSPECTION_OPEN,
        (None, E.INSPECTION_RECORDED, Y): S.INSPECTION_OPEN,
        (S.INSPECTION_OPEN, E.INSPECTION_ANSWERED, A): S.INSPECTION_ANSWERED,
        (S.INSPECTION_ANSWERED, E.INSPECTION_ANSWERED, A): S.INSPECTION_ANSWERED,
        # a town inspected by the city answers through its clerks (which partition: ``role_problem``)
        (S.INSPECTION_OPEN, E.INSPECTION_ANSWERED, C): S.INSPECTION_ANSWERED,
        (S.INSPECTION_ANSWERED, E.INSPECTION_ANSWERED, C): S.INSPECTION_ANSWERED,
        # 公休日预约: the village books, then records one outcome: arrived, cancelled or no-show
        (None, E.APPOINTMENT_BOOKED, A): S.APPOINTMENT_BOOKED,
        (S.APPOINTMENT_BOOKED, E.APPOINTMENT_ARRIVED, A): S.APPOINTMENT_ARRIVED,
        (S.APPOINTMENT_BOOKED, E.APPOINTMENT_CANCELLED, A): S.APPOINTMENT_CANCELLED,
        (S.APPOINTMENT_BOOKED, E.APPOINTMENT_NO_SHOW, A): S.APPOINTMENT_NO_SHOW,
    }
)
for _state in _BEFORE_DECISION:  # withdrawn: applicant's request, before a decision
    EXPECTED[(_state, E.WITHDRAWN, A)] = S.WITHDRAWN
for _state, _event, _role in itertools.product(State, _EVERYWHERE, (A, C)):
    EXPECTED[(_state, _event, _role)] = SAME if _event is not E.CONFLICT_RESOLVED else S.ACCEPTED
for _state in State:  # the city writes notes on what it handles; attachments and custody stay below it
    EXPECTED[(_state, E.NOTE_ADDED, Y)] = SAME
