"""Claim kind from cue lists over the sentence and the guest's name. Pure.

`other` is a kind like the rest: it needs its own cue (interoperate, federate), and any cue of a
specific kind wins over it.
"""

from __future__ import annotations

from nlp.cues import Cue, fold
from nlp.records import KINDS


def _scores(text: str, guests: list[str], cues: tuple[Cue, ...], hosts) -> tuple[dict[str, float], dict[str, float]]:
    """Each kind's total weight, and the weight of its strongest single sentence cue that matched."""
    scores = dict.fromkeys(KINDS, 0.0)
    strongest = dict.fromkeys(KINDS, 0.0)
    text = fold(text)
    for cue in cues:
        if cue.on == "guest":
            scores[cue.label] += cue.weight * sum(1 for g in guests if cue.regex.search(g))
        elif cue.on == "host":
            scores[cue.label] += cue.weight * min(1, sum(1 for h in hosts if cue.regex.search(h)))
        else:
            n = sum(1 for _ in cue.finditer(text))
            if n:
                scores[cue.label] += cue.weight * n
                strongest[cue.label] = max(strongest[cue.label], cue.weight)
    return scores, strongest


def _best(scores: dict[str, float]) -> str:
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    return best if scores[best] > 0 else "other"


# Billing and steering go together in app store rules: a sentence with a clear cue of each ("use other
# payment providers, or send users to their websites to pay") states both, whatever their weights.
PAIRED = {("payment", "links"), ("links", "payment")}


def kinds_and_strength(text: str, guests: list[str], cues: tuple[Cue, ...], floor: float = 3.0, share: float = 0.75,
                       hosts: list[str] = ()) -> tuple[list[str], float]:
    """Every kind the sentence is clearly about, and the best kind's score (how clearly the sentence
    itself says what is opened). The kinds: the best (highest cue weight; ties go to the earlier kind
    in KINDS), and any other scoring at least `floor` and `share` of the best ("allow third-party app
    stores ... and let developers use other payment systems" is about both), or, for payment and
    links, a single cue of weight `floor`. Empty when nothing scores."""
    scores, strongest = _scores(text, guests, cues, hosts)
    best = _best(scores)
    if best == "other":
        return (["other"] if scores["other"] > 0 else []), max(scores.values())
    top = scores[best]  # the highest score
    return [best] + [k for k in KINDS if k != best and scores[k] >= floor
                     and (scores[k] >= share * top or ((best, k) in PAIRED and strongest[k] >= floor))], top
