"""Counting words in any script.

    word_count(text) -> int
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SENTENCE_ENDS = (".", "!", "?", ":", ";", "。", "！", "？", "…", "\"", "”", "»", ")")


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one word (those scripts do not space words)."""
    if text.isascii():  # no CJK characters: one pass
        return len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2
