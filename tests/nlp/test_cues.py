"""Cue lists: the fast case-sensitive form of every cue matches as the case-insensitive one does."""

from __future__ import annotations

import pytest

from nlp.cues import fold, load_cues
from nlp.options import BUNDLED_CUES

SENTENCES = [
    "Apple Will Let iPhone Users In The EU Download Apps From Alternative App Marketplaces.",
    "WECHAT NOW LETS USERS OPEN TAOBAO LINKS IN ONE-ON-ONE CHATS, TENCENT SAID.",
    "Google must stop requiring developers to use Google Play Billing, the judge ruled; it will appeal.",
    "Alibaba has not said when, or whether, the option will be offered to all shoppers.",
    "Meta's WhatsApp must be ready to interoperate with third-party messaging services from March 7.",
]


@pytest.mark.parametrize("group", ["triggers", "statuses", "kinds", "rivals"])
def test_fast_cues_match_like_case_insensitive_ones(group):
    cues = load_cues(BUNDLED_CUES)
    for cue in getattr(cues, group):
        if cue.on != "sentence":
            continue
        for text in SENTENCES:
            slow = [(m.start(), m.end()) for m in cue.regex.finditer(text)]
            fast = [(m.start(), m.end()) for m in cue.finditer(fold(text))]
            assert fast == slow, (cue.id, text)


def test_folding_keeps_offsets():
    text = "İstanbul, Zürich and ÉCOLE stay as long: ÀB"
    assert len(fold(text)) == len(text)
    assert fold("WeChat Pay") == "wechat pay"
