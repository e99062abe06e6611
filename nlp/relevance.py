"""Relevance: is an article about tech-platform regulation or interoperability?

A cheap keyword score on the raw title and text, run before any statistical model so that
irrelevant articles cost little. Pure: text in, score out.
"""

from __future__ import annotations

from nlp.cues import RelevanceTerms


def relevance_score(title: str, text: str, terms: RelevanceTerms) -> float:
    """Score in [0, 1]: t / (t + half) over the weighted, capped term matches (title counts more)."""
    total = 0.0
    for term in terms.terms:
        n_text = _count(term.regex, text, terms.cap)
        n_title = _count(term.regex, title, terms.cap) if title else 0
        total += term.weight * (n_text + terms.title_factor * n_title)
    if total <= 0:
        return 0.0
    return round(total / (total + terms.half), 4)


def _count(regex, text: str, cap: int) -> int:
    n = 0
    for _ in regex.finditer(text):
        n += 1
        if n >= cap:
            break
    return n
