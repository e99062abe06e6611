"""Host and guest roles of the entities in a claim sentence.

Pure functions over a sentence Span. Each entity mention gets a host score and a guest score
from its syntactic role (subject, passive agent, object, prepositional object; walked up through
appositions and coordination) and from the words around it ("via X", "X integration",
"access to X", "links to X"); members of one list ("Ele.me and Youku", "Shuqi, Damai and Koala")
share the role of the list. Then: the owner of a guest is no host ("WeChat Pay, run by its rival
Tencent"), a company is dropped as host where one of its own apps is a host (the most specific
platform), and a descriptor ("TikTok owner ByteDance") takes no part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from nlp.records import EntityRef

GUEST_BEFORE = {"via", "through", "using", "with", "allow", "allows", "allowed", "allowing", "let", "lets",
                "letting", "permit", "permits", "permitting", "enable", "enables", "enabling", "testing", "test",
                "tests", "trialling", "trialing", "piloting", "use", "accept", "accepts", "accepting", "accepted", "support", "supports",
                "supporting", "supported", "integrate", "integrates", "integrating", "integrated", "add", "adds",
                "adding", "added", "adopt", "adopts", "adopted", "adopting", "choose", "chooses", "chose", "choosing",
                "select", "selects", "selected", "pick", "picks", "picked", "reinstate", "reinstated", "reinstates",
                "restore", "restored", "restores", "bring", "brings", "bringing", "brought", "approve", "approves", "approved",
                "from", "welcome", "welcomes", "block", "blocks", "blocked", "blocking",
                "ban", "bans", "banned", "unblock", "unblocked", "unblocks", "like", "as", "rival", "rivals",
                "rival's", "competitor", "competitors", "against"}
HOST_AFTER = {"users", "owners", "devices", "phones", "ecosystem", "platform", "subscribers", "customers", "apps", "browsers"}
GUEST_AFTER = {"integration", "access", "support", "payment", "payments", "links", "link", "content",
               "chats", "messages", "mini-programs", "mini", "option", "options", "acceptance", "services", "service",
               "videos", "posts", "urls", "calls", "accounts", "wallet", "cards", "transactions"}
HOST_PREPS = {"on", "in", "into", "inside", "within", "across", "to", "onto", "at", "outside", "off"}
GUEST_PREPS = {"via", "through", "using", "with", "from", "like", "for"}
POSSESSED_PLATFORM = {"apps", "app", "platform", "platforms", "services", "store", "ecosystem", "users", "chip",
                      "devices", "iphones", "phones", "technology", "software", "operating", "system", "features",
                      # the platform's own rules keep rivals out: "Apple's restrictions stopped developers from ..."
                      "restrictions", "restriction", "rules", "rule", "policy", "policies", "terms", "requirement",
                      "requirements", "guidelines", "ban"}
_ARRIVES = re.compile(r"^\W*(?:is |are |has |have |was |were |had |will |would |remains? |remained |stays? |stayed )?"
                      r"(?:be |been )?(?:now |already |also |again |still )?"
                      r"(?:goes live|went live|gone live|go live|is live|available|became available|becomes available|"
                      r"arrives?|arrived|launche[sd]|debuts?|debuted|back|returned|returns?|restored|reinstated|"
                      r"unavailable|not available|no longer available|banned|blocked|barred)\b[^.;]{0,30}?"
                      r"\b(?:on|in|inside|to)\b|"
                      # "Fortnite is still missing from iPhones", "remains off the App Store"
                      r"^\W*(?:has |have |had )?(?:is |are |was |were |been |remains? |remained |stays? |stayed )(?:still )?"
                      r"(?:missing from|absent from|off)\b")
COMPARISON_VERBS = {"does", "do", "did", "has", "have", "had", "is", "are", "was", "were", "can", "could"}
INQUIRY_NOUNS = {"investigation", "investigations", "probe", "probes", "inquiry", "inquiries", "case", "cases",
                 "complaint", "complaints", "lawsuit", "suit", "review", "proceedings", "examination", "look"}
LEGAL_ACTIONS = {"case", "cases", "lawsuit", "lawsuits", "suit", "complaint", "complaints", "action", "challenge",
                 "claim", "claims", "appeal", "petition"}
REMOVE_VERBS = {"removed", "removes", "remove", "removing", "pulled", "pulls", "pull", "banned", "bans", "ban",
                "kicked", "delisted", "delists", "barred", "excluded", "blocked", "blocks", "took", "taken", "dropped",
                "missing", "absent"}
SOLD_THROUGH = {"distributed", "sold", "downloaded", "installed", "listed", "bought", "purchased", "offered", "published"}
CARRY_VERBS = {"transfer", "transfers", "transferred", "transferring", "move", "moves", "moved", "moving", "export",
               "exports", "exported", "exporting", "copy", "copies", "copied", "copying", "port", "ported", "porting",
               "migrate", "migrates", "migrated", "migrating", "carry", "carries", "carried", "take", "takes", "took"}
NOT_PARTIES = frozenset({"aside", "litigant", "contrast"})  # notes of names that take no part in a claim
SHARED_NOTES = {"ordered-object", "subject", "by-agent", "passive-subject-of-clause"}  # roles a list's members share
KEPT_OFF = REMOVE_VERBS | {"remain", "remains", "remained", "stay", "stays", "stayed", "kept", "keeps", "keep", "is",
                           "are", "was", "were", "been", "still"}  # "remains off the App Store", not "turn off Bing"
FEATURE_NOUNS = {"interface", "interfaces", "api", "apis", "tool", "tools", "version", "versions", "option", "options",
                 "feature", "features", "setting", "settings", "programme", "program"}
SUPPORT_NOUNS = {"support", "integration", "acceptance", "addition", "inclusion", "availability", "launch"}
PLATFORM_NOUNS = {"app", "platform", "service", "site", "store", "marketplace", "website", "product", "network",
                  "apps", "platforms", "services", "sites", "stores", "marketplaces", "websites", "products"}
CLAUSE_LINKS = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "relcl", "acl"}
LINK_WORDS = {"link", "links", "linking", "content", "connect", "connects", "connecting", "connected", "switch", "port", "closed",
              "transfer", "message", "messages", "messaging", "chat", "chats", "calls", "interoperate",
              "interoperable", "send", "text", "texts", "users", "listings", "videos", "up", "redirect", "steer",
              "jump", "lead", "leading", "directing", "traffic", "open", "opens", "opened", "opening", "copy",
              "copies", "copied", "playlists", "data", "photos", "library", "files", "contacts", "move", "moved"}
# word forms, not lemmas: the pipeline runs without the lemmatizer
SPEECH_VERBS = {"say", "says", "said", "tell", "tells", "told", "announce", "announces", "announced", "report",
                "reports", "reported", "confirm", "confirms", "confirmed", "state", "states", "stated", "added",
                "noted", "wrote", "claimed", "argued", "argues"}
COMPLAINT_VERBS = {"sued", "sues", "alleged", "alleges", "accused", "accuses", "complained", "complains",
                   "argued", "argues", "contended", "contends"}
OPEN_VERBS = {"open", "opens", "opened", "opening", "unblock", "unblocks", "unblocked", "unblocking"}
GUEST_REF_NOUNS = {"payment", "payments", "pay", "wallet", "messaging", "messenger", "chat", "store", "browser",
                   "billing", "e-wallet"}
_SKIP = {"the", "a", "an", "its", "their", "his", "her", "rival", "rivals", "competitor", "own", "other", "'s", "\u2019s"}


@dataclass
class Mention:
    span: Span
    ref: EntityRef
    host: float = 0.0
    guest: float = 0.0
    descriptor: bool = False
    guest_ref_of: str | None = None  # "Tencent's payments service": the company whose service is meant
    notes: list[str] = field(default_factory=list)


COUNTERPART_NOUNS = {"people", "someone", "anyone", "friends", "contacts", "family", "relatives", "those", "others",
                     "users", "owners", "recipients"}
_TALK = re.compile(r"\b(?:text\w*|messag\w*|chat\w*|call\w*|talk\w*|conversations?|writ(?:e|es|ing))\b", re.IGNORECASE)
QUANTIFIERS = {"several", "some", "many", "most", "all", "two", "three", "four", "one", "each", "both", "few", "none"}


def _role_token(tok: Token) -> Token:
    """Walk up from a name through compounds, appositions and coordination to its role in the clause;
    through 'including' and 'several of' to the noun they specify ("several of its apps, including
    Ele.me and Youku, began accepting ...": Ele.me and Youku are subjects)."""
    seen = 0
    while tok.head.i != tok.i and seen < 10:
        if tok.dep_ in ("compound", "appos", "conj", "flat", "nmod", "amod"):
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "including" and tok.head.head.i != tok.head.i:
            tok = tok.head.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in QUANTIFIERS:
            tok = tok.head.head
        else:
            break
        seen += 1
    return tok


def named_subject(ents: list[Span], refs: dict[str, EntityRef]) -> EntityRef | None:
    """The company or app named as the grammatical subject of a clause ("Tencent did not respond"), the
    antecedent a pronoun subject of the next clause most likely takes up ("..., and it has not said whether")."""
    for e in sorted(ents, key=lambda x: x.start):
        ref = refs.get(e.kb_id_)
        if ref is not None and ref.type in ("company", "app") and _role_token(e.root).dep_ in ("nsubj", "nsubjpass"):
            return ref
    return None


def _prev_words(sent: Span, m: Span, n: int = 3) -> list[str]:
    """The words before a mention, skipping determiners and possessors ("pay with Tencent's WeChat Pay")."""
    out = []
    doc = sent.doc
    i = m.start - 1
    while i >= sent.start and len(out) < n:
        tok = doc[i]
        if tok.text in ("'s", "\u2019s") and i - 1 >= sent.start:
            i -= 1
            while i - 1 >= sent.start and doc[i].ent_iob_ == "I":
                i -= 1
            i -= 1
            continue
        w = tok.lower_
        if w not in _SKIP and not tok.is_punct:
            out.append(w)
        i -= 1
    return out


def _lists(sent: Span, mentions: list[Mention]) -> list[list[int]]:
    """Groups of mentions joined as a list: commas, 'and', 'or', with short descriptors between."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        if i and (mentions[i - 1].descriptor or _joined(sent, mentions[i - 1].span, m.span)):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


_JOIN = re.compile(
    r"^(?:\s*\([^()]{0,60}\))?(?:\s+[a-z][\w.-]*){0,4}\s*(?:,|,?\s+(?:and|or|as well as|plus)\b|\s*&)\s*(?:the\s+|its\s+)?"
    r"(?:(?:the|a|its)\s+(?:[a-z][\w-]*\s+){0,2}(?:site|portal|service|app|platform|store|marketplace|network|"
    r"messenger|wallet|browser|engine|game|maker|company|firm)\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['\u2019]s\s+)?$|^\s*,\s*$"
)


_GAP_FUNCTION_WORDS = re.compile(r"\b(?:that|which|who|whose|this|these|those|year|month|week|day|is|are|was|were|has|have|had|will|would)\b", re.IGNORECASE)


def _joined(sent: Span, a: Span, b: Span) -> bool:
    if b.start - a.end > 20:
        return False
    doc = sent.doc
    gap = doc[a.end - 1].whitespace_ + "".join(t.text_with_ws for t in doc[a.end:b.start])
    if len(gap) > 80 or not _JOIN.match(gap) or _GAP_FUNCTION_WORDS.search(gap):
        return False
    # ", and WeChat started ...": coordinated clauses, not a list; "... on WhatsApp, Meta said": a speaker
    after = doc[b.end] if b.end < sent.end else None
    if after is not None and after.lower_ in SPEECH_VERBS and gap.strip() == ",":
        return False
    return not (after is not None and after.tag_ in ("VBD", "VBZ", "VBP", "MD") and re.search(r",\s*(?:and|but)\b", gap))


def score_mentions(sent: Span, mentions: list[Mention], trigger_tokens: dict[int, str], ctx_descriptors: frozenset[str]) -> None:
    """Set host and guest scores on each mention; `trigger_tokens` maps token index -> trigger role."""
    doc = sent.doc
    starts = {m.span.start for m in mentions}
    main_triggers = [i for i in trigger_tokens if not _subordinate(doc[i])]
    sent_text = sent.text  # once: Doc.text and Span.text rebuild the string from the tokens
    for m in mentions:
        if _aside(m.span.root, trigger_tokens):
            m.notes.append("aside")  # "features that iPhone users take for granted in iMessage": no part
            continue
        if _litigant(sent, m.span):
            m.notes.append("litigant")  # "a ruling in Epic Games' case against Apple": a party to a suit
            continue
        if _contrasted(sent, m.span):
            m.notes.append("contrast")  # "Unlike Apple's iPhone, Android already allows ...": not this claim's
            continue
        if _descriptive_apposition(m.span.root):
            m.notes.append("aside")  # "Beeper Mini, an Android app that ...": describes another name
            continue
        span = m.span
        root = span.root
        role = _role_token(root)  # the token that carries the name's role in the clause
        nxt = doc[span.end] if span.end < sent.end else None
        nxt2 = doc[span.end + 1] if span.end + 1 < sent.end else None
        # descriptor: "TikTok owner ByteDance", "Fortnite maker Epic Games"
        if nxt is not None and nxt.lower_ in ctx_descriptors and nxt2 is not None and nxt2.ent_type_ in ("COMPANY", "APP", "ORG"):
            m.descriptor = True
            continue
        prev = _prev_words(sent, span)
        raw_prev = doc[span.start - 1].lower_ if span.start > sent.start else ""
        # possessive: "Tencent's payments service" (guest), "Apple's App Store", "its apps" (host)
        if m.ref.type == "company" and nxt is not None and nxt.lower_ in GUEST_REF_NOUNS | {"service", "app"} \
                and raw_prev in ("the", "a", "its", "rival"):  # "began accepting the Tencent service"
            m.guest_ref_of = m.ref.id
        if nxt is not None and nxt.text in ("'s", "\u2019s", "'"):
            if nxt2 is not None and nxt2.i in starts:  # "Alibaba's Taobao": the app takes the part
                m.descriptor = True
                continue
            after = [t.lower_ for t in doc[span.end + 1: min(sent.end, span.end + 4)]]
            if after and any(a in GUEST_REF_NOUNS for a in after[:2]) and m.ref.type == "company":
                m.guest_ref_of = m.ref.id
        # lexical cues
        if prev and prev[0] == "by" and _by_agent_of_trigger(sent, span, trigger_tokens):
            m.host += 3; m.notes.append("by-agent")
        elif prev and prev[0] in HOST_PREPS and not (prev[0] == "off" and not set(prev[1:4]) & KEPT_OFF):
            before = [w for w in _prev_words(sent, span, 4)[1:3]]
            if prev[0] == "to" and (any(w in LINK_WORDS for w in before)):
                m.guest += 2; m.notes.append("links-to")
            elif prev[0] == "on" and before[:1] and before[0] in COUNTERPART_NOUNS and _TALK.search(sent_text):
                m.host += 1; m.notes.append("counterpart-on")  # "texting people on Android": whom users talk to
            elif prev[0] in ("on", "from") and _linked_content(_prev_words(sent, span, 6)[1:]):
                m.guest += 2.5; m.notes.append("content-on")  # "a link to a product on Alibaba's Taobao"
            elif before[:1] and before[0] in INQUIRY_NOUNS:
                m.notes.append("inquiry-into")  # "an investigation into Apple Pay": what is examined
            elif prev[0] == "outside":  # "offers outside the App Store": the platform steered away from
                m.host += 1.5; m.notes.append("prep-outside")
            else:
                m.host += 2; m.notes.append(f"prep-{prev[0]}")
        if _DESCRIBED_AS_RIVAL.match(sent_text[span.end_char - sent.start_char: span.end_char - sent.start_char + 120]):
            m.guest += 4; m.notes.append("described-as-rival")  # "BirdyChat, the first outside app to connect"
        after_text = doc[span.end: min(sent.end, span.end + 5)].text.lower()
        verb = role.head if role.dep_ in ("nsubj", "nsubjpass") else None
        if verb is not None and verb.i > span.end:  # "Fortnite, Epic's most popular game, remains off ...": past the apposition
            first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i >= span.end])
            after_text = doc[first: min(sent.end, first + 5)].text.lower()
        if _ARRIVES.match(after_text):  # "WeChat Pay goes live on Taobao": the subject is the guest
            m.guest += 5; m.notes.append("arrives-on")
        if len(prev) > 1 and prev[0] in ("leaving", "exiting", "quitting") and prev[1] == "without":
            m.host += 3; m.notes.append("without-leaving")  # "see the page without leaving WeChat"
        elif prev and prev[0] == "from" and any(w in REMOVE_VERBS for w in _prev_words(sent, span, 6)[1:]):
            m.host += 3; m.notes.append("removed-from")  # "Apple pulled Fortnite from the App Store"
        elif prev and prev[0] == "from" and any(w in CARRY_VERBS for w in _prev_words(sent, span, 6)[1:]):
            m.host += 3; m.notes.append("carried-from")  # "transfer their data from an iPhone to ...": the source
        elif len(prev) > 1 and prev[0] == "of" and prev[1] in HOST_AFTER | {"version", "versions"}:
            m.host += 2; m.notes.append("users-of")  # "users of Douyin", "the latest version of WeChat"
        elif len(prev) > 1 and prev[0] in ("for", "of") and prev[1] in SUPPORT_NOUNS:
            m.guest += 3; m.notes.append(f"{prev[1]}-{prev[0]}")
        elif len(prev) > 1 and prev[0] == "for" and prev[1] in FEATURE_NOUNS:
            m.host += 2.5; m.notes.append("feature-for")  # "offers a similar interface for LinkedIn"
        elif len(prev) > 1 and prev[0] in ("through", "via", "on", "in", "from") and prev[1] in SOLD_THROUGH \
                and not (prev[0] == "from" and prev[1] not in ("downloaded", "installed", "bought", "purchased")):
            m.host += 3; m.notes.append("sold-through")  # "apps distributed through the App Store": the platform
        elif _after_alternative_to(sent, span):
            m.notes.append("alternative-to")  # "payment systems other than Google Play Billing": the host's own
            m.guest -= 3
        elif prev[:1] == ["with"] and nxt is not None and nxt.lower_ in ("users", "phones", "owners", "devices"):
            m.notes.append("counterpart-users")
            if not (len(prev) > 1 and _TALK.fullmatch(prev[1])):  # "work with Android phones": the partner let in;
                m.guest += 3                                      # "conversations with Android users": whom users talk to
        elif nxt is not None and nxt.text in ("'s", "\u2019s", "'") and prev and prev[0] in GUEST_BEFORE \
                and m.guest_ref_of is None:
            pass  # "use the iPhone's NFC chip": what is used is the chip; the iPhone is its platform
        elif nxt is not None and nxt.lower_ in HOST_AFTER and prev and prev[0] in GUEST_BEFORE:
            pass  # "let iPhone users ...": the users' platform, not the one let in
        elif prev and prev[0] in ("as", "like", "than") and nxt is not None and nxt.lower_ in COMPARISON_VERBS:
            m.notes.append("compared")  # "... work with them as well as Teams does": a comparison
        elif prev and prev[0] in GUEST_BEFORE and not m.notes[-1:] == ["removed-from"]:
            m.guest += 3 if prev[0] not in ("like", "as", "from", "with") else 2
            m.notes.append(f"after-{prev[0]}")
        elif raw_prev in GUEST_BEFORE:
            m.guest += 2
        if nxt is not None and nxt.lower_ in GUEST_AFTER:
            m.guest += 2.5; m.notes.append(f"before-{nxt.lower_}")
        elif nxt is not None and nxt.lower_ in HOST_AFTER and "counterpart-users" not in m.notes:
            m.host += 1.5; m.notes.append(f"before-{nxt.lower_}")
        # dependency roles
        head = role.head
        right_after_verb = span.start - 1 in trigger_tokens and doc[span.start - 1].tag_.startswith("VB")
        if role.dep_ in ("nsubj",) and right_after_verb:
            m.notes.append("object-not-subject")  # "accept Alipay, ..., and Tencent has said": a misparse
        elif role.dep_ in ("nsubj",):
            if _brings_its_own(head):  # "Epic launched its own app store on iPhones": the newcomer, not the platform
                m.guest += 4; m.notes.append("brings-its-own")
            elif any(_governs(head, doc[i]) for i in trigger_tokens):
                if _subordinate(head) and main_triggers:  # "..., since the App Store opened in 2008"
                    m.host += 1; m.notes.append("subject-subordinate")
                else:
                    m.host += 3; m.notes.append("subject")
            elif head.lower_ in SPEECH_VERBS:
                m.host += 0.5; m.notes.append("speaker")
            else:
                m.host += 1; m.notes.append("subject-other")
        elif role.dep_ == "nsubjpass":
            barred_from = head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "from" and head.i + 2 < len(doc) \
                and doc[head.i + 2].tag_ == "VBG"
            if barred_from:  # "Google is barred from paying phone makers to ...": the one a rule binds
                m.host += 3; m.notes.append("ordered-object")
            elif head.i in trigger_tokens and trigger_tokens[head.i] != "order":
                m.guest += 2.5; m.notes.append("passive-subject")
            elif any(_governs(head, doc[i]) for i in trigger_tokens):  # "is set to accept", "was ordered to open"
                m.host += 3; m.notes.append("passive-subject-of-clause")
        elif role.dep_ in ("dobj", "dative") and head.i in trigger_tokens and head.lower_ in PROHIBITING \
                and _barred_from_doing(head) and _rule_speaks(sent, head):
            m.host += 3; m.guest = 0.0  # "a bill that bans Google and Apple from forcing ...": bound, not let in
            m.notes.append("ordered-object")
        elif role.dep_ in ("dobj", "dative") and head.i in trigger_tokens:
            if trigger_tokens[head.i] == "order":  # "told Tencent, Alibaba and ByteDance to ..."
                m.host += 3; m.notes.append("ordered-object")
            elif head.lower_ in OPEN_VERBS:
                m.host += 1.5; m.notes.append("object-open")
            else:
                m.guest += 2; m.notes.append("object")
        elif role.dep_ == "pobj" and _example_of_ordered(head, trigger_tokens):
            m.host += 3; m.guest = 0.0  # "requires gatekeepers such as Apple and Google to ...": the ones bound
            m.notes.append("ordered-object")
        elif role.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in HOST_AFTER and "users-of" not in m.notes:
            m.host += 2; m.notes.append("users-of")  # "Users of the food delivery app Ele.me ... can now choose"
        elif role.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in POSSESSED_PLATFORM - {"users"}:
            m.host += 2; m.notes.append("possessor-of")  # "the NFC chip of the iPhone": the iPhone's chip
        elif role.dep_ == "pobj" and head.dep_ in ("prep", "agent") and "inquiry-into" not in m.notes:
            p = head.lower_
            if p == "by" and head.dep_ == "agent":
                m.host += 1 if head.head.i in trigger_tokens or head.head.lower_ in ("possible", "made") else 0
            elif p in HOST_PREPS and p != "outside" and not (head.head.lower_ in LINK_WORDS and p == "to"):
                m.host += 2 if role.i != root.i and role.lower_ in PLATFORM_NOUNS else 1
            elif p == "from" and _content_taken_from(head.head):
                m.guest += 2; m.notes.append("content-from")  # "videos shared from the short-video app X"
            elif p in GUEST_PREPS and "sold-through" not in m.notes:
                m.guest += 1
        elif role.dep_ == "poss" and m.guest_ref_of is None:
            if m.ref.type == "app" or role.head.lower_ in POSSESSED_PLATFORM:
                m.host += 2 if m.ref.type == "app" else 1.5
                m.notes.append("possessor")
            elif role.head.dep_ == "dobj" and trigger_tokens.get(role.head.head.i) == "enable":
                # "Alipay now offers Meituan's mini programs": the company whose product is let in
                m.guest += 2.5
                m.notes.append("possessor-of-object")
        if "counterpart-on" in m.notes:  # whom the users talk to is no platform of the claim by itself
            m.host = min(m.host, 1.0)
    # "Spotify and Kindle show users how to buy outside Apple's App Store": the store is the host, the
    # apps steering away from it are its guests
    stores = [m for m in mentions if "prep-outside" in m.notes and m.ref.type == "app"]
    for store in stores[:1]:
        for m in mentions:
            if m is not store and "subject" in m.notes and m.ref.id != store.ref.owner_id \
                    and m.ref.owner_id not in (store.ref.owner_id, store.ref.id) and m.ref.id != store.ref.id:
                m.guest = max(m.guest, m.host + 1); m.notes.append("steers-outside")
                store.host = max(store.host, 2.5)
    # lists share the role of their members
    # a descriptor stays in the chain ("Tencent, Alibaba, TikTok owner ByteDance and ..."), takes no part
    parts = [m for m in mentions if not NOT_PARTIES & set(m.notes)]
    for group in _lists(sent, parts):
        members = [parts[i] for i in group if not parts[i].descriptor]
        if len(members) < 2:
            continue
        h = max(x.host for x in members)
        g = max(x.guest for x in members)
        shared = [n for n in dict.fromkeys(n for x in members for n in x.notes) if n in SHARED_NOTES]
        for x in members:
            x.host, x.guest = h, g
            x.notes.extend(n for n in shared if n not in x.notes)


_ALTERNATIVE_TO = re.compile(r"(?:(?:other than|rather than|instead of|alongside|beside|besides|apart from|not just)"
                             r"(?:\s+(?:from|through|via|in|on|outside))?|"
                             r"requir\w*\s+(?:\w+\s+){0,3}?(?:the use of|to use|use of))\s+"
                             r"(?:the\s+|its\s+|their\s+|those of\s+(?:the\s+)?)?(?:[\w.&-]+['\u2019]s?\s+)?(?:own\s+)?$",
                             re.IGNORECASE)


PROHIBITING = {"ban", "bans", "banned", "banning", "bar", "bars", "barred", "barring", "prohibit", "prohibits",
               "prohibited", "prohibiting", "forbid", "forbids", "forbade", "forbidden"}
RULE_NOUNS = {"law", "laws", "bill", "act", "rule", "rules", "regulation", "regulations", "order", "injunction",
              "ruling", "decision", "judge", "court", "commission", "regulator", "ministry", "legislation"}
_DESCRIBED_AS_RIVAL = re.compile(
    r"^\W*(?:,\s*)?(?:(?:and|or)\s+[\w.&-]+(?:\s+[\w.&-]+)?\s*,?\s*)?(?:(?:will be|would be|are|is|were|was|became|become)\s+)?"
    r"(?:a|an|the)\s+(?:(?:first|two|only|little-known|small|smaller|new|european|two little-known)\s+)*"
    r"(?:outside|rival|third-party|independent|competing|alternative)\s", re.IGNORECASE)


BRING_VERBS = {"launch", "launches", "launched", "launching", "bring", "brings", "brought", "bringing", "release",
               "releases", "released", "releasing", "put", "puts", "putting", "return", "returns", "returned",
               "returning", "introduce", "introduces", "introduced", "debut", "debuts", "debuted"}


def _brings_its_own(verb: Token) -> bool:
    """'Epic launched its own app store on iPhones', 'Spotify brought its app to the Vision Pro': the subject puts
    its own product onto a platform named by a place preposition, so the subject is the one let in."""
    if verb.lower_ not in BRING_VERBS:
        return False
    own_object = any(c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ in ("its", "their") for g in c.children)
                     for c in verb.children)
    placed = any(c.dep_ == "prep" and c.lower_ in ("on", "onto", "to", "into") and
                 any(g.dep_ == "pobj" and g.ent_type_ for g in c.subtree) for c in verb.children)
    return own_object and placed


def _barred_from_doing(verb: Token) -> bool:
    """'bans Google and Apple from forcing ...': the object is kept from doing something."""
    return any(c.lower_ == "from" and any(g.tag_ == "VBG" for g in c.children) for c in verb.children)


def _rule_speaks(sent: Span, verb: Token) -> bool:
    """The prohibition is a rule's: a regulator or a law is its subject or the noun it qualifies."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    words = {t.lower_ for s in subjects for t in s.subtree} | ({verb.head.lower_} if verb.dep_ == "relcl" else set())
    return bool(words & RULE_NOUNS) or any(e.label_ == "REGULATOR" for e in sent.ents)


CONTENT_NOUNS = {"product", "products", "video", "videos", "post", "posts", "page", "pages", "listing", "listings",
                 "item", "items", "content", "store", "shop", "article", "articles"}


SHARED_VERBS = {"shared", "posted", "linked", "forwarded", "copied", "imported", "pasted", "embedded", "streamed"}


def _content_taken_from(word: Token) -> bool:
    """'videos shared from X', 'links from X', 'products from the rival marketplace X': the word a 'from'
    phrase hangs on is content or the sharing of it, so X is the rival whose content is let in."""
    return word.lower_ in CONTENT_NOUNS | SHARED_VERBS | {"link", "links", "clip", "clips"}


def _linked_content(before: list[str]) -> bool:
    """'(a link to) a product on X', 'videos from X': X is whose content is linked to."""
    return bool(before) and before[0] in CONTENT_NOUNS and any(w in ("link", "links", "to", "open", "share", "tap")
                                                              for w in before[1:])


def _contrasted(sent: Span, span: Span) -> bool:
    """'Unlike Apple's iPhone, ...', 'unlike in the EU': a name set against the one the sentence is about."""
    doc = sent.doc
    before = [t.lower_ for t in doc[max(sent.start, span.start - 3): span.start] if not t.is_punct and t.text not in ("'s", "\u2019s")]
    return "unlike" in before


def _descriptive_apposition(tok: Token) -> bool:
    """A name inside an apposition that describes another ("Beeper Mini, an Android app that ...")."""
    if tok.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    head = tok.head
    return head.dep_ == "appos" and head.head.ent_type_ != "" and head.i != tok.i


def _example_of_ordered(prep: Token, trigger_tokens: dict[int, str]) -> bool:
    """'requires gatekeepers such as Apple to', 'ordered platforms like Google to', 'told large platforms,
    including Apple, to': a name given as an example of those an order names as its object."""
    word = prep.lower_
    if word not in ("as", "like", "including") or word == "as" and not any(c.lower_ == "such" for c in prep.children):
        return False
    obj = prep.head
    return obj.dep_ in ("dobj", "dative") and trigger_tokens.get(obj.head.i) == "order"


def name_head(span: Span) -> Token:
    """The token that carries a name's role in its clause: up from the name's root through compounds,
    appositions and coordination ("Epic Games and Spotify complained": the subject 'Epic')."""
    tok = span.root
    while tok.dep_ in ("compound", "appos", "conj", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _litigant(sent: Span, span: Span) -> bool:
    """'in Epic Games' case against Apple', 'Apple's appeal': a party to a suit or a case takes no part."""
    doc = sent.doc
    after = [t.lower_ for t in doc[span.end: min(sent.end, span.end + 4)] if not t.is_punct]
    if after[:1] and after[0] in ("'s", "\u2019s"):
        after = after[1:]
    if any(w in LEGAL_ACTIONS for w in after[:3]):
        return True
    before = [t.lower_ for t in doc[max(sent.start, span.start - 3): span.start]]
    if len(before) >= 2 and before[-1] == "against" and any(w in LEGAL_ACTIONS for w in before[:-1]):
        return True
    if len(before) >= 2 and before[-1] == "by" and before[-2] in ("brought", "filed", "lodged"):
        return True  # "cases brought by Epic Games against both companies": the plaintiff
    # "Douyin sued Tencent, arguing that WeChat ...", "Epic alleges that ...": who complains opens nothing
    tok = name_head(span)
    return tok.dep_ == "nsubj" and tok.head.lower_ in COMPLAINT_VERBS


def _after_alternative_to(sent: Span, span: Span) -> bool:
    """'other than X', 'rather than X', 'alongside X': X is what the rival is an alternative to."""
    doc = sent.doc
    before = doc[max(sent.start, span.start - 7): span.start].text_with_ws if span.start > sent.start else ""
    return bool(_ALTERNATIVE_TO.search(before))


def _aside(tok: Token, trigger_tokens: dict[int, str]) -> bool:
    """True when `tok` sits in a relative or participle clause that holds no trigger: it describes
    something ("the service run by its rival Tencent"), it takes no part in the claim."""
    path = [tok]
    for _ in range(12):
        deps = [t.dep_ for t in path]
        if tok.dep_ == "relcl" and not _infinitive(tok) or (tok.dep_ == "acl" and "agent" in deps and "prep" not in deps):
            # a relative clause; a participle only through its agent ("run by Tencent"): the parse often
            # hangs a sentence's later phrases ("..., on iPhones next year") on a participle before them
            inside = {t.i for t in tok.subtree}
            return not any(i in inside for i in trigger_tokens)
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        path.append(tok)
    return False


def _infinitive(verb: Token) -> bool:
    """'a way to pay inside WeChat': an infinitive tells what the noun is for, not who the noun is."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _subordinate(tok: Token) -> bool:
    """True when `tok` sits in a relative or adverbial clause ("since the App Store opened")."""
    for _ in range(12):
        if tok.dep_ in ("advcl", "relcl", "acl"):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _by_agent_of_trigger(sent: Span, span: Span, trigger_tokens: dict[int, str]) -> bool:
    """'made possible by X', 'is blocked by X', 'added by X': the 'by' follows a trigger closely;
    not 'the case brought by Epic' or 'the service run by Tencent'."""
    doc = sent.doc
    i = span.start - 1
    while i > sent.start and doc[i].lower_ != "by":
        i -= 1
    for j in range(i - 1, max(sent.start - 1, i - 4), -1):
        if j > sent.start and doc[j - 1].lower_ in LEGAL_ACTIONS:
            return False  # "a case brought by Epic", "a complaint filed by Spotify"
        if j in trigger_tokens or doc[j].lower_ in ("possible", "available"):
            return True
        if not (doc[j].tag_ in ("RB", "RBR", "VBN", "IN") or doc[j].is_punct):
            return False
    return False


def _governs(head: Token, tok: Token) -> bool:
    """True when `tok` is `head` or hangs under it through clause links only ("has started allowing")."""
    for _ in range(6):
        if tok.i == head.i:
            return True
        if tok.dep_ not in CLAUSE_LINKS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


@dataclass(frozen=True)
class Roles:
    hosts: tuple[Mention, ...]
    guests: tuple[Mention, ...]
    fallback: bool  # hosts found only by position, not by role
    own_systems: tuple[str, ...] = ()  # the host's own system rivals are to replace ("forcing developers to use
    # Google Play Billing"): no guest, but it tells what the claim is about


def decide_roles(mentions: list[Mention], trigger_start: int, refs: dict[str, EntityRef]) -> Roles:
    live = [m for m in mentions if not m.descriptor]
    guests = [m for m in live if m.guest >= 2 and m.guest > m.host]
    # a guest owned by the subject is the subject's own system, no rival ("Google must stop requiring
    # developers to use Google Play Billing"): it takes no part
    subjects = [m for m in live if m.host >= 3 and m.host > m.guest and
                any(n in ("subject", "ordered-object") for n in m.notes)]
    own_systems = [g for g in guests if any(g.ref.owner_id == s.ref.id and s.span.start < g.span.start for s in subjects)]
    guests = [g for g in guests if g not in own_systems]
    guest_ids = {m.ref.id for m in guests}
    # the owner of a guest is no host ("WeChat Pay, the payments service run by its rival Tencent")
    guest_owners = {m.ref.owner_id for m in guests if m.ref.owner_id} | {m.guest_ref_of for m in guests if m.guest_ref_of}
    candidates = [m for m in live if m.ref.id not in guest_ids and m.ref.id not in guest_owners]
    hosts = [m for m in candidates if m.host >= 2 and m.host > m.guest]
    fallback = False
    if not hosts:
        hosts = [m for m in candidates if m.host >= 1 and m.host > m.guest]
        fallback = True
    # the most specific platform: a company gives way to its own apps named as hosts, or as
    # places in the sentence ("bring WeChat Pay to its two main shopping apps, Taobao and Tmall")
    out: list[Mention] = []
    for m in hosts:
        if m.ref.type == "company":
            mine = [x for x in candidates if _owned_by(x.ref, m.ref.id, refs) and x.ref.type == "app"
                    and not NOT_PARTIES & set(x.notes)]
            # its apps with a host's role of their own ("must allow app stores on iPhones"), else its apps
            # named before the trigger ("Alibaba's other apps Shuqi, Damai and Koala are now supporting")
            own = [x for x in mine if x in hosts or (x.host >= 1 and x.host > x.guest)] or [
                x for x in mine if x.guest < 2 and x.span.start_char < trigger_start and m.span.start_char < trigger_start
                and "alternative-to" not in x.notes]
            if own:
                out.extend(own)
                continue
        out.append(m)
    # a guest company whose app is a guest too is the same guest
    guest_app_owners = {m.ref.owner_id for m in guests if m.ref.type == "app" and m.ref.owner_id}
    guests = [m for m in guests if not (m.ref.type == "company" and m.ref.id in guest_app_owners)]
    return Roles(hosts=tuple(_dedupe(out)), guests=tuple(_dedupe(guests)), fallback=fallback,
                 own_systems=tuple(m.ref.name for m in own_systems))


def owner_chain(ref: EntityRef, refs: dict[str, EntityRef], depth: int = 4) -> list[str]:
    """The ids of `ref`'s owner, its owner's owner, ... (at most `depth`), as far as the article's entities
    tell: Google Play -> Google -> Alphabet. An owner missing from `refs` ends the chain."""
    chain: list[str] = []
    owner = ref.owner_id
    while owner and len(chain) < depth:
        chain.append(owner)
        owner = refs[owner].owner_id if owner in refs else None
    return chain


def _owned_by(ref: EntityRef, company_id: str, refs: dict[str, EntityRef]) -> bool:
    """True when `company_id` owns `ref`, directly or through subsidiaries (Alphabet -> Google -> Google Play)."""
    return company_id in owner_chain(ref, refs)


def _dedupe(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if m.ref.id not in seen:
            seen.add(m.ref.id)
            out.append(m)
    return out
