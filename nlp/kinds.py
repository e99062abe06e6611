"""Claim kind from cue lists over the sentence and the guest's name. Pure.

`other` is a kind like the rest: it needs its own cue (interoperate, federate), and any cue of a
specific kind wins over it.
"""

from __future__ import annotations

from nlp.cues import Cue
from nlp.records import KINDS


def kind_scores(text: str, guests: list[str], cues: tuple[Cue, ...], hosts: list[str] = ()) -> dict[str, float]:
    scores = dict.fromkeys(KINDS, 0.0)
    for cue in cues:
        if cue.on == "guest":
            scores[cue.label] += cue.weight * sum(1 for g in guests if cue.regex.search(g))
        elif cue.on == "host":
            scores[cue.label] += cue.weight * min(1, sum(1 for h in hosts if cue.regex.search(h)))
        else:
            scores[cue.label] += cue.weight * sum(1 for _ in cue.regex.finditer(text))
    return scores


def read_kind(text: str, guests: list[str], cues: tuple[Cue, ...], hosts: list[str] = ()) -> str:
    """The kind with the highest cue weight; ties go to the earlier kind in KINDS; none: 'other'."""
    scores = kind_scores(text, guests, cues, hosts)
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    return best if scores[best] > 0 else "other"


# Billing and steering go together in app store rules: a sentence with a clear cue of each ("use other
# payment providers, or send users to their websites to pay") states both, whatever their weights.
PAIRED = {("payment", "links"), ("links", "payment")}


def read_kinds(text: str, guests: list[str], cues: tuple[Cue, ...], floor: float = 3.0, share: float = 0.75,
               hosts: list[str] = ()) -> list[str]:
    """Every kind the sentence is clearly about: the best, and any other scoring at least `floor`
    and `share` of the best ("allow third-party app stores ... and let developers use other payment
    systems" is about both), or, for payment and links, a single cue of weight `floor`. Empty when
    nothing scores."""
    scores = kind_scores(text, guests, cues, hosts)
    best = read_kind(text, guests, cues, hosts)
    if best == "other":
        return ["other"] if scores["other"] > 0 else []
    top = scores[best]
    strong = {k: max((c.weight for c in cues if c.label == k and c.on == "sentence" and c.regex.search(text)),
                     default=0.0) for k in KINDS if (best, k) in PAIRED}
    return [best] + [k for k in KINDS if k != best and scores[k] >= floor
                     and (scores[k] >= share * top or strong.get(k, 0.0) >= floor)]
