"""Claim status from a sentence's wording: tense, modality, negation, orders (cue lists as data).

Pure: `read_status(text, cues)` returns the status the sentence states, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import Cue, Rewrite, fold

# When several statuses are stated, the first in this order wins: a sentence that says nothing is
# known about a plan is unclear; an order binds whatever the host said; a refusal negates a plan.
RANK = ("unclear", "ordered", "refused", "pending", "planned", "live")
_ORDER_AS_CAUSE = re.compile(
    r"\b(?:after|following|since|because|as|under|in response to|days after|weeks after)\b[^.;]{0,80}?"
    r"\b(?:ordered|required|requires|ruled|ruling|order|forced|injunction|decision|law|act|rules|told|tells)\b", re.IGNORECASE)
_SUBORDINATOR = re.compile(
    r"(?:\b(?:which|where|who|whom|after|following|because|when|whereas|although|though|while|until|"
    r"to comply with|in response to|under which)\b[^.;:!?]*$)", re.IGNORECASE)
MODAL_ORDER_CUES = {"ordered.must"}  # an obligation stated of the subject: must, will have to, is required
DELIBERATION_CUES = {"pending.deliberation"}  # a regulator or court weighing what to require
_COMPLIANCE = ("comply", "complies", "complied", "complying", "compliance", "in response to", "to meet")


@dataclass(frozen=True)
class StatusReading:
    status: str
    cue_id: str
    background: bool = False  # only a cue about the past ("had blocked") was found


def rewrite(text: str, rewrites: tuple[Rewrite, ...]) -> str:
    """Apply the rewrites to folded text; a shorter replacement is padded with spaces (after it, or before it where
    the rewrite says so), so positions stay put."""
    for r in rewrites:
        text = r.regex.sub(lambda m, r=r: _padded(m.expand(r.replace), len(m.group(0)), r.pad_before), text)
    return text


def _padded(text: str, width: int, before: bool) -> str:
    return text.rjust(width) if before else text.ljust(width)


def read_status(text: str, cues: tuple[Cue, ...], rewrites: tuple[Rewrite, ...] = (),
                sub_clauses: tuple[tuple[int, int], ...] | None = None) -> StatusReading | None:
    """The status a sentence states, by RANK among its matching cues; None when no cue matches.

    An order or a refusal told in a subordinate clause ("..., after the ministry told platforms to
    stop blocking", "a law which bans ...", "..., something Apple has never allowed") gives way to
    the status of the main clause. `sub_clauses` gives the character ranges of the subordinate
    clauses from the parse; without it a clause is spotted by the words that open it.
    """
    text = rewrite(fold(text), rewrites)
    found: dict[str, Cue] = {}
    first: dict[str, int] = {}  # where each found status is first stated
    main_orders: list[tuple[Cue, int]] = []
    subordinate: dict[str, Cue] = {}
    background: list[Cue] = []
    matched = [(cue, list(cue.finditer(text))) for cue in cues]
    speaks = _main_clause_speaks(matched, sub_clauses)
    for cue, matches in matched:
        if not matches:
            continue
        if cue.background:
            background.append(cue)
            continue
        main = [m for m in matches if cue.label not in ("ordered", "refused") or not _subordinate(text, m.start(), sub_clauses)
                or not speaks]
        if not main:
            subordinate.setdefault(cue.label, cue)
            continue
        if cue.label == "ordered":
            main_orders.extend((cue, m.start()) for m in main)
        if cue.label not in found:
            found[cue.label] = cue
        first[cue.label] = min(first.get(cue.label, len(text)), main[0].start())
    if "ordered" in found and ("live" in found or "planned" in found) and (
            any(w in text.lower() for w in _COMPLIANCE) or _ORDER_AS_CAUSE.search(text)):
        # "now allows ..., after a judge ordered it to": the order is the cause, not the news; but an
        # obligation on the subject itself ("under the law, Google will have to let ...") stays an order
        causes = [m.span() for m in _ORDER_AS_CAUSE.finditer(text)]
        if not any(c.id in MODAL_ORDER_CUES and not any(a <= pos < b for a, b in causes) for c, pos in main_orders):
            del found["ordered"]
    # "the measures it will consider include requiring ...", "will examine whether the rules stop
    # developers from ...": an order or refusal under consideration is pending
    weighing = [c for c in cues if c.id in DELIBERATION_CUES and c.search(text)]
    if weighing:
        at = min(m.start() for c in weighing for m in c.finditer(text))
        for status in ("ordered", "refused"):
            if status in found and first[status] > at:
                del found[status]
    if "refused" in found and background and found["refused"].id == "refused.block":
        del found["refused"]  # the blocking verb is the one the background cue already tells
    if not found:
        found = subordinate
    for status in RANK:
        if status in found:
            return StatusReading(status, found[status].id)
    if background:
        return StatusReading(background[0].label, background[0].id, background=True)
    return None


def _main_clause_speaks(matched: list[tuple[Cue, list[re.Match]]], ranges: tuple[tuple[int, int], ...] | None) -> bool:
    """True when some status cue matched outside the subordinate clauses (from the parse): only then
    does an order or refusal inside one give way ("..., where the law will require Apple to ..." has
    nothing else to say)."""
    if ranges is None:
        return True
    return any(not any(a <= m.start() < b for a, b in ranges) for c, ms in matched if not c.background for m in ms)


def _subordinate(text: str, pos: int, ranges: tuple[tuple[int, int], ...] | None = None) -> bool:
    """True when the cue at `pos` sits in a relative or adverbial clause (from the parse when given,
    else one opened by a subordinating word shortly before it)."""
    if ranges is not None:
        return any(a <= pos < b for a, b in ranges)
    window = text[max(0, pos - 90):pos]
    return bool(_SUBORDINATOR.search(window))
