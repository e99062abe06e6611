"""Reading a status: rewrites before the cues, adverbs that do not hide the status, wording that is no order."""

from __future__ import annotations

import re
import shutil

import pytest

from nlp.cues import CueError, Rewrite, load_cues
from nlp.options import BUNDLED_CUES
from nlp.status import read_status, rewrite


@pytest.mark.parametrize("text, status", [
    # an adverb between an auxiliary and its verb does not hide the status
    ("JD.com is also set to add Alipay as a payment option in November.", "planned"),
    ("Tencent has also opened WeChat to Taobao links.", "live"),
    ("Apple is reportedly preparing to open the NFC chip to rival wallets.", "planned"),
    # telling users where or how is no order
    ("Apple will let music apps tell iPhone users where to subscribe for less.", "planned"),
    ("Spotify can now tell its users how to pay on the web.", "live"),
    ("The ministry told Tencent to stop blocking links.", "ordered"),
    # 'may now' is permission in effect
    ("Developers may now use other payment providers in the EU.", "live"),
    # 'now' before a verb in the present tells what is in effect
    ("The Messages app now sends texts to Android phones over RCS.", "live"),
    ("Safari now greets EU users with a choice screen listing rival browsers.", "live"),
    # what cannot be done, or has not been possible, is refused
    ("Videos from Douyin still cannot be shared in WeChat chats.", "refused"),
    ("Spotify has not been able to tell users of its iPhone app where to subscribe.", "refused"),
])
def test_status_read_from_the_wording(text, status):
    cues = load_cues(BUNDLED_CUES)
    assert read_status(text, cues.statuses, cues.rewrites).status == status


def test_a_rewrite_pads_where_it_says_so():
    before = Rewrite("x", re.compile(r"\b(is) also "), r"\1 ", pad_before=True)
    after = Rewrite("x", re.compile(r"\b(is) also "), r"\1 ")
    assert rewrite("it is also set to", (before,)) == "it      is set to"
    assert rewrite("it is also set to", (after,)) == "it is      set to"


def test_a_rewrite_with_a_bad_pad_before_is_refused(tmp_path):
    shutil.copytree(BUNDLED_CUES, tmp_path / "cues")
    path = tmp_path / "cues" / "status_cues.toml"
    path.write_text(path.read_text() + '\n[[rewrite]]\nid = "bad"\npattern = "x"\nreplace = "y"\npad_before = "yes"\n')
    with pytest.raises(CueError, match="pad_before"):
        load_cues(tmp_path / "cues")
