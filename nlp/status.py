"""Claim status from a sentence's wording: tense, modality, negation, orders (cue lists as data).

Pure: `read_status(text, cues)` returns the status the sentence states, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import Cue, Rewrite

# When several statuses are stated, the first in this order wins: a sentence that says nothing is
# known about a plan is unclear; an order binds whatever the host said; a refusal negates a plan.
RANK = ("unclear", "ordered", "refused", "pending", "planned", "live")
_ORDER_AS_CAUSE = re.compile(
    r"\b(?:after|following|since|because|as|under|in response to|days after|weeks after)\b[^.;]{0,80}?"
    r"\b(?:ordered|required|requires|ruled|ruling|order|forced|injunction|decision|law|act|rules|told|tells)\b", re.IGNORECASE)
_SUBORDINATOR = re.compile(
    r"(?:\b(?:which|where|who|whom|after|following|because|when|whereas|although|though|while|until|"
    r"to comply with|in response to|under which)\b[^.;:!?]*$)", re.IGNORECASE)
_COMPLIANCE = ("comply", "complies", "complied", "complying", "compliance", "in response to", "to meet")


@dataclass(frozen=True)
class StatusReading:
    status: str
    cue_id: str
    background: bool = False  # only a cue about the past ("had blocked") was found


def rewrite(text: str, rewrites: tuple[Rewrite, ...]) -> str:
    for r in rewrites:
        text = r.regex.sub(r.replace, text)
    return text


def read_status(text: str, cues: tuple[Cue, ...], rewrites: tuple[Rewrite, ...] = ()) -> StatusReading | None:
    """The status a sentence states, by RANK among its matching cues; None when no cue matches.

    An order or a refusal told in a subordinate clause ("..., after the ministry told platforms to
    stop blocking", "a law which bans ...") gives way to the status of the main clause.
    """
    text = rewrite(text, rewrites)
    found: dict[str, Cue] = {}
    subordinate: dict[str, Cue] = {}
    background: list[Cue] = []
    for cue in cues:
        matches = list(cue.regex.finditer(text))
        if not matches:
            continue
        if cue.background:
            background.append(cue)
        elif cue.label in ("ordered", "refused") and all(_subordinate(text, m.start()) for m in matches):
            subordinate.setdefault(cue.label, cue)
        elif cue.label not in found:
            found[cue.label] = cue
    if "ordered" in found and ("live" in found or "planned" in found) and (
            any(w in text.lower() for w in _COMPLIANCE) or _ORDER_AS_CAUSE.search(text)):
        del found["ordered"]  # "now allows ..., after a judge ordered it to": the order is the cause, not the news
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


def _subordinate(text: str, pos: int) -> bool:
    """True when the cue at `pos` sits in a relative or adverbial clause opened shortly before it."""
    window = text[max(0, pos - 90):pos]
    return bool(_SUBORDINATOR.search(window))
