"""The scheduler's optimisation core: pure Python and OR-Tools CP-SAT, no Django.

Input: participants (school, working pattern, the events they still need, the
days they already have training), the events in programme order, and the
sessions (date, places left, whether they are open and far enough ahead).
Output: one session per (participant, event) where possible, and for everyone
left over the rule that stopped them.

Hard rules (never broken):
- a session never takes more people than its places left;
- only open sessions with enough notice (the caller decides, per session);
- never two sessions for one person on the same day, counting days they
  already have training;
- never on a weekday the person does not work;
- a person's events are taken in programme order (year, then order) on
  strictly increasing dates, around their already fixed dates.

Preferences, lexicographic: (1) place as many (person, event) pairs as
possible; (2) keep staff out per school per day within the hub's limit
(the total excess is minimised); (3) fill an event's repeat sessions evenly
(the sum over events of the fullest session's percentage is minimised).

How it scales. A person's choices form a path through the sessions of the
events they need, dated strictly increasingly, so same-day and ordering rules
are properties of the path. People with the same school and the same allowed
sessions per needed event are interchangeable: they form one *profile*, and
the model holds an integer flow per profile on the small graph of its
allowed sessions (flows on a DAG decompose into paths, one per person). The
model is solved per *block* (cohort and audience: events and sessions are never
shared between blocks):

1. placements: the same flow model with schools merged (fewer, larger
   profiles). A greedy flow (`greedy`: each profile's members along the
   longest path with seats left) comes first; when it reaches the seat-blind
   bound (each member's longest path) it is proven optimal with no solver,
   as on a hub with seats for everyone. Otherwise CP-SAT (`cpsat`) starts
   from it and proves the optimum, and if stopped by its limits first (a
   busy machine) the best flow found, at least the greedy one, is kept;
2. school-day excess and 3. evenness, first by exact single-event moves
   (`moves`: for one event at a time, the best reassignment of everyone on it
   is a min-cost flow, never giving up a placement), then, when the per-school
   model is small enough (`cpsat.EXACT_REFINE_MAX_ARCS`), on that model with
   placements fixed at the optimum: excess minimised, then evenness with
   excess fixed at the best found, each stage limited to
   `Problem.refine_work_seconds` of CP-SAT's deterministic time.

Blocks are solved one after another (`blocks`); each later block sees the
earlier blocks' new dates in its school-day counts and in each person's busy
days (one person may hold two participations). With more than one block, a
second pass of moves then lets each block's people move round the other
blocks' final dates. Level 1 is exact per block when reported optimal;
levels 2 and 3 are exact per block when reported optimal, and across blocks
they are a sequential (greedy-by-block) optimum. `Result` says which levels
were proven, and each `BlockReport` the staff over the limit its block's
dates add to the blocks before it. Staff out per school per day is counted by
`count_staff_out` (the database side uses the same, in `scheduling.staff_out`).

Time. `Problem.time_limit_seconds` is shared out among the blocks by their
people (what remains, each time a block starts), then again for the second
pass. Level 1 is never cut by it: the greedy flow always runs to the end, and
CP-SAT, when needed, keeps at least its minimum. The moves stop at their
deadline between two events (every step keeps everyone placed and only lowers
the cost, so stopping is safe); a block whose moves stopped, in either pass,
skips the exact refinement and reports levels 2 and 3 unproven.
"""

from ecfhub.scheduling.solver.allowed import allowed_sessions, explain_unplaced, session_state
from ecfhub.scheduling.solver.blocks import solve
from ecfhub.scheduling.solver.problem import (
    REASON_TEXT,
    BlockReport,
    EventIn,
    FixedIn,
    ParticipantIn,
    Problem,
    Reason,
    Result,
    SessionIn,
    SessionState,
    Unplaced,
    count_staff_out,
    placed_staff_out,
)

__all__ = [
    "REASON_TEXT",
    "BlockReport",
    "EventIn",
    "FixedIn",
    "ParticipantIn",
    "Problem",
    "Reason",
    "Result",
    "SessionIn",
    "SessionState",
    "Unplaced",
    "allowed_sessions",
    "count_staff_out",
    "explain_unplaced",
    "placed_staff_out",
    "session_state",
    "solve",
]
