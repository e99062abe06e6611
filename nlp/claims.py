"""Interoperability claims in a parsed Doc: host, guest, kind, status, evidence, confidence.

`find_claims(doc, cues)` is pure over the Doc (entities typed by interop_entity_typer). Sentence by
sentence, clause by clause (`nlp.clauses`):

- a clause gives claims when it has a trigger (an enabling, blocking or ordering predicate, not part
  of a name, not in a question) and at least one host; a trigger of the role `inquiry` ("will
  examine whether") means no claim yet. `nlp.roles` says who is host and guest, `nlp.status` the
  status, `nlp.kinds` the kind, `nlp.references` what "the two apps", "it", "the store", "its
  store" stand for;
- a claim whose guest is generic needs a rival in its evidence (config/cues/rivals.toml): "iOS 18
  lets users schedule messages" is a feature, "lets users install apps from rival stores" is an
  opening; a guest of the host's own family is no rival;
- a regulator's order names the obliged companies as hosts, or their platforms named as the place;
- a company that adds or brings an opening to its own platforms ("add support for RCS to iOS and macOS")
  opens each of them: they are the hosts;
- a sentence that refers back ("This would allow ...", "the change", "a similar interface") takes
  the status, rivals and kind of the one before where it states none; "X has not said whether ..."
  makes the opening just told unclear for X; the reason for a fine is context, not a claim;
- pronoun subjects ("it", "the company") resolve to the speaker, else the company or app named as subject
  just before, else the last host or company;
- the kind is read from the main clause where it says one: a clause of time or cause ("..., after Epic added
  its own payment option") is context;
- a claim whose confidence fell below MIN_CLAIM_CONFIDENCE (several uncertain steps) is not stated.

The title (doc._.interop_body_start) is context only: claims are those the body states.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from spacy.tokens import Doc, Span

from nlp.clauses import clauses, contrast_start, in_a_name, is_question, pronoun_subject, subordinate_ranges
from nlp.components.kb_entities import TYPE_OF_LABEL
from nlp.cues import Cues, fold
from nlp.kinds import kinds_and_strength
from nlp.records import Claim, EntityRef
from nlp.references import (apps_steering_away, guests_referred_to, kind_guest, kind_platform, own_service,
                            platform_reference, resolve_guest, same_family, specific_platform)
from nlp.roles import RULE_NOUNS, Mention, decide_roles, name_head, named_subject, owner_chain, score_mentions
from nlp.status import StatusReading, read_status

_REFERS_BACK = re.compile(
    r"^\s*(?:this|that|it|these|those|such|doing so|the (?:move|change|changes|step|plan|deal|decision|update|feature|integration|arrangement|agreement))\b",
    re.IGNORECASE,
)
_SIMILAR = re.compile(r"\b(?:a |the )?similar (?:interfaces?|tools?|options?|features?|changes?|offers?|systems?|apis?|"
                      r"routes?|programmes?|programs?|arrangements?|steps?|deals?|paths?|terms)\b|"
                      r"\bthe same (?:option|feature|change|route|tool|terms)\b", re.IGNORECASE)
_NOMINAL_BACK = re.compile(  # the previous claim's opening itself, as the subject: "The feature will roll out on ..."
    r"^\s*(?:this|these|such|the (?:new )?(?:feature|features|change|changes|move|update|option|integration|tool|"
    r"service|step|rollout|arrangement))\b", re.IGNORECASE)
_COMPANIES = re.compile(r"\b(?:the (?:two |designated |affected )?companies|both companies|the (?:two )?(?:firms|groups))\b|"
                        r"^\W*both (?=must|will|have|had|are|were|would|may|can|could|should|now|still|already)",
                        re.IGNORECASE)
_ORDERED_PRONOUN = re.compile(r"\b(?:order(?:s|ed)?|told|tells?|requir(?:e|es|ed|ing)|forc(?:e|es|ed|ing)|direct(?:s|ed)?|"
                              r"instruct(?:s|ed)?|compel(?:s|led)?|barred|bars|banned|bans|prohibit(?:s|ed)?)\s+(?:it|them|the company|the firm|the group)\b",
                              re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|they|the company|the firm|the group|the giant|the tech giant|the e-commerce giant|the iphone maker|the platform)\b", re.IGNORECASE)
# a company named by what it is or where it sits: "the Cupertino company", "the Chinese e-commerce giant", "the iPhone maker"
_EPITHET = r"the (?:[\w-]+ ){0,3}?(?:company|firm|group|giant|maker|owner|conglomerate)"
_EPITHET_SAID = r"\b" + _EPITHET + r" (?:has |had )?(?:said|says|announced|confirmed)\b"
_EPITHET_HEAD = re.compile(r"^\W*" + _EPITHET + r"\b|" + _EPITHET_SAID, re.IGNORECASE)
_PRONOUN_START = re.compile(r"^\W*(?:it|they|the platform|" + _EPITHET + r")\b", re.IGNORECASE)
_SAID_PRONOUN = re.compile(r"\b(?:said|says|announced|confirmed|added)(?: that)? (?:it|they)\b|" + _EPITHET_SAID,
                           re.IGNORECASE)
_FINITE_TAGS = {"VBZ", "VBD", "VBP"}
_PENALTY_REASON = re.compile(
    r"\b(?:fined|fines|fining|penali[sz]ed|penali[sz]es|punished|punishes|sanctioned|censured)\b[^.;]{0,100}?"
    r"\b(?:for|over)\s+(?:its\s+|their\s+|allegedly\s+)?(?:\w+ing|(?:restrictions?|rules?|terms|limits?|curbs?|bans?)"
    r"\s+(?:on|against)\s+\w+ing)\b|"
    # a finding of breach: "found Apple in breach of the rules on steering ...", "breached the act by restricting ..."
    r"\b(?:in breach of|breached|breaches|infring\w+|violated|violating)\b[^.;]{0,80}?\b(?:on|by|for|over)\s+\w+ing\b",
    re.IGNORECASE)
_OWN_ONLY = re.compile(r"\b(?:its|their) own\b|\bonly\b", re.IGNORECASE)
MIN_PARTICIPANT_CONFIDENCE = 0.5  # a bare organisation name with no typing context takes no part
FOLLOW_UP_CONFIDENCE = 0.5  # the confidence of a claim that only says nothing is known of one told before
MIN_CLAIM_CONFIDENCE = 0.45  # below: a claim inferred through two or more uncertain steps (measured: mostly wrong)


def find_claims(doc: Doc, cues: Cues) -> list[Claim]:
    refs: dict[str, EntityRef] = doc._.interop_entities or {}
    claims: list[tuple[bool, int, Claim]] = []
    prev_status: StatusReading | None = None
    prev_sent: Span | None = None
    last_host: EntityRef | None = None
    last_company: EntityRef | None = None
    # apps and companies, each once, in order of their last mention ("Tencent's payments service", "the two
    # companies"); kept distinct so that a long article costs no more per sentence than a short one
    apps_seen: dict[str, EntityRef] = {}
    companies_seen: dict[str, EntityRef] = {}
    app_mentions: list[EntityRef] = []
    company_mentions: list[EntityRef] = []
    prev_claims: list[Claim] = []
    recent_guests: list[EntityRef] = []  # the rival services of the last claims that named one
    recent: tuple[int, list[Claim]] | None = None  # the last sentence that stated claims, and those claims
    subject_before: tuple[int, EntityRef] | None = None  # the last company or app named as a clause's subject
    doc_text = doc.text
    body_start = doc._.interop_body_start or 0
    sents = list(doc.sents)
    ents_in: list[list[Span]] = [[] for _ in sents]
    starts = [s.start for s in sents]
    for e in doc.ents:
        ents_in[bisect.bisect_right(starts, e.start) - 1].append(e)
    in_title = body_start > 0
    for n, sent in enumerate(sents):
        if not doc_text[sent.start_char:sent.end_char].strip():
            continue
        if in_title and sent.start_char >= body_start:  # the body does not refer back to the title's wording
            in_title = False
            prev_status, prev_sent, prev_claims = None, None, []
        sent_text = doc_text[sent.start_char:sent.end_char]
        if not _may_claim(sent_text, ents_in[n], refs) and not _next_refers_back(sents, n, doc_text):
            # no participant named or referred to: no claim, and nothing a next sentence takes up
            prev_status, prev_sent, prev_claims = None, sent, []
            continue
        question = is_question(sent_text)
        for k, clause in enumerate(clauses(sent)):
            text = doc_text[clause.start_char:clause.end_char]
            folded = fold(text)
            triggers = [] if question else [
                (c, m) for c in cues.triggers for m in c.finditer(folded)
                if not in_a_name(doc, clause.start_char + m.start(), in_title)]
            if any(c.label == "inquiry" for c, _ in triggers):
                triggers = []  # "the Commission will examine whether Google Play's rules stop ...": no claim yet
            # the status is read for claim clauses, and for those a next sentence may refer back to
            sub = subordinate_ranges(clause)
            status = read_status(text, cues.statuses, cues.rewrites, sub) \
                if triggers or _next_refers_back(sents, n, doc_text) else None
            ents = [e for e in ents_in[n] if clause.start <= e.start and e.end <= clause.end
                    and e.label_ in TYPE_OF_LABEL and e.kb_id_ in refs
                    and refs[e.kb_id_].confidence >= MIN_PARTICIPANT_CONFIDENCE]
            made = []
            # a pronoun subject takes up the subject of the clause or sentence just before, where one was named
            antecedent = subject_before[1] if subject_before is not None and subject_before[0] >= n - 1 else None
            if antecedent is not None and last_host is not None and last_host.owner_id == antecedent.id:
                antecedent = last_host  # "Apple still requires ..., and it does not allow ...": its platform of the news
            # "..., and Taobao has not said whether it will": a clause that elides the verb of the one before
            elided = k > 0 and not triggers and status is None and bool(prev_claims)
            if elided:
                status = read_status(text, cues.statuses, cues.rewrites, sub)
            if triggers or (k > 0 and prev_claims and status is not None):
                made = _sentence_claims(doc_text, clause, ents, refs, triggers, status, prev_status, prev_sent,
                                        last_host, last_company, app_mentions, cues, prev_claims,
                                        evidence_span=sent, continuation=k > 0, recent_guests=recent_guests,
                                        recent=recent[1] if recent else [], company_mentions=company_mentions,
                                        antecedent=antecedent)
            elif not question and recent:
                # "Alibaba has not said when, or whether, the option will be offered": nothing is known of
                # the opening the article has been telling; the subject is the host
                unknown = read_status(text, tuple(c for c in cues.statuses if c.label == "unclear"))
                if unknown is not None:
                    made = _unclear_claims(doc_text, clause, ents, refs, unknown, recent[1], antecedent or last_host,
                                           last_company, cues, sent)

            if k > 0 and not triggers and made and _only_unclear_about(made, _hosts_and_owners(prev_claims, refs)):
                # "Taobao and Tmall still do not offer it, and Alibaba has given no timetable": the clause
                # says nothing is known of what the clause before told
                told = {id(c) for c in prev_claims}
                claims = [(b, i, dataclasses.replace(c, status="unclear") if id(c) in told else c) for b, i, c in claims]
                made = []
            named = [refs[c.guest_id] for _, c in made if c.guest_id in refs]
            if named:
                recent_guests = list(dict.fromkeys(named))
            if k > 0 and contrast_start(clause[0]):
                # "..., something Apple has never allowed": the host of the news says how it was before
                before = _hosts_and_owners(prev_claims, refs)
                made = [(b, c) for b, c in made if c.host_id not in before]
            penalised = _PENALTY_REASON.search(text)
            if penalised and all(m.start() >= penalised.start() for _, m in triggers):
                made_context, made = made, []  # "fined Apple for preventing developers from ...": the reason for a
            else:                              # penalty is no claim of its own, but context for the next sentence
                made_context = made
            for background, claim in made:
                claims.append((background, len(claims), claim))
                if claim.host_id:
                    last_host = refs.get(claim.host_id, last_host)
            if made and triggers:
                recent = (n, [c for _, c in made])
            for e in ents:
                ref = refs[e.kb_id_]
                seen = apps_seen if ref.type == "app" else companies_seen if ref.type == "company" else None
                if seen is not None:
                    seen.pop(ref.id, None)
                    seen[ref.id] = ref
                if ref.type == "company":
                    last_company = ref
            app_mentions, company_mentions = list(apps_seen.values()), list(companies_seen.values())
            subject = named_subject(ents, refs)
            if subject is not None:
                subject_before = (n, subject)
            back = k > 0 or _refers_back(text)
            prev_status = status if status is not None else (prev_status if made_context and back else None)
            prev_sent = sent
            prev_claims = [c for _, c in made_context]
    # claims told as background go last, so that the current state of a pair comes first
    ordered = [c for _, _, c in sorted(claims, key=lambda x: (x[0], x[1]))]
    return _body_claims(ordered, body_start)


def _states_what_is(verb) -> bool:
    """The trigger verb tells what is (or was) in effect, with no cue word needed."""
    kids = list(verb.children)
    if verb.tag_ in _FINITE_TAGS:
        return True
    if verb.tag_ == "VB":
        return any(c.dep_ == "aux" and c.lower_ == "can" for c in kids)
    if verb.tag_ == "VBN":
        return (any(c.dep_ == "auxpass" and c.tag_ in _FINITE_TAGS for c in kids)
                or any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in kids)
                and not any(c.dep_ == "neg" for c in kids))
    return False


def _subject_of_root(span: Span, clause: Span) -> bool:
    """True when the name is (in) the subject of the clause's main verb."""
    tok = name_head(span)
    return tok.dep_ in ("nsubj", "nsubjpass") and (tok.head.dep_ == "ROOT" or tok.head.i == clause.root.i)


def _hosts_and_owners(claims: list[Claim], refs: dict[str, EntityRef]) -> set[str | None]:
    """The ids of the claims' hosts and of their owners."""
    return {c.host_id for c in claims} | {refs[c.host_id].owner_id for c in claims if c.host_id in refs}


def _only_unclear_about(made: list[tuple[bool, Claim]], family: set[str | None]) -> bool:
    """Every claim made says only that nothing is known, of a host in `family`."""
    return all(c.status == "unclear" and c.host_id in family for _, c in made)


def _evidence(doc_text: str, start: int, end: int) -> tuple[str, int, int]:
    """The text from `start` to `end` without the white space around it, and its offsets."""
    raw = doc_text[start:end]
    evidence = raw.strip()
    first = start + len(raw) - len(raw.lstrip())
    return evidence, first, first + len(evidence)


def _body_claims(claims: list[Claim], body_start: int) -> list[Claim]:
    """The claims the body states, each (host, guest, kind, evidence) once, and confident enough. The title
    is context only ("the option" it names); a claim only the headline states is not annotated as one."""
    out, seen = [], set()
    for c in claims:
        key = (c.host_id, c.guest_id, c.kind, c.start)
        if c.start >= body_start and key not in seen and c.confidence >= MIN_CLAIM_CONFIDENCE:
            seen.add(key)
            out.append(c)
    return out


_MAY_REFER = re.compile(
    r"\b(?:it|its|they|their|them|the company|the firm|the group|the giant|the platform|the store|the app|the service|"
    r"the option|this|that|these|those|both|the two|the companies|the firms|the phone|the device)\b", re.IGNORECASE)


def _may_claim(text: str, ents: list[Span], refs: dict[str, EntityRef]) -> bool:
    """Can the sentence state a claim at all: does it name a participant or refer to one?"""
    return any(e.kb_id_ in refs and e.label_ in TYPE_OF_LABEL for e in ents) or bool(_MAY_REFER.search(text))


def _named_as_subject(m: Mention) -> bool:
    return any(n in ("subject", "passive-subject-of-clause", "by-agent", "ordered-object") for n in m.notes)


def _next_refers_back(sents: list[Span], n: int, doc_text: str) -> bool:
    if n + 1 >= len(sents):
        return False
    nxt = sents[n + 1]
    return _refers_back(doc_text[nxt.start_char: min(nxt.end_char, nxt.start_char + 40)])


def _refers_back(text: str) -> bool:
    return bool(_REFERS_BACK.match(text))


def _unclear_claims(doc_text: str, clause: Span, ents, refs, status: StatusReading, recent: list[Claim],
                    last_host: EntityRef | None, last_company: EntityRef | None, cues: Cues,
                    evidence_span: Span) -> list[tuple[bool, Claim]]:
    """Claims of a sentence that only says nothing is known ("Apple has not said whether it will add
    other services"): its subject is the host, the kind and rivals those of the claims just told."""
    mentions = [Mention(span=e, ref=refs[e.kb_id_]) for e in ents if refs[e.kb_id_].type != "regulator"]
    score_mentions(clause, mentions, {}, cues.context.descriptor_nouns)
    hosts = [m.ref for m in mentions if any(n.startswith("subject") or n == "speaker" for n in m.notes)
             and not m.descriptor]
    # "Tencent has given no sign that Alipay will appear inside WeChat": the one who says nothing is the subject
    # of the main clause, not of what it says nothing about
    main = [m.ref for m in mentions if m.ref in hosts and _subject_of_root(m.span, clause)]
    hosts = main or hosts
    # a company stands for its own app named as the place ("... inside WeChat")
    placed = [m.ref for m in mentions if m.ref.type == "app" and any(n.startswith("prep-") for n in m.notes)]
    hosts = list(dict.fromkeys(next((a for a in placed if a.owner_id == h.id), h) for h in hosts))
    text = doc_text[clause.start_char:clause.end_char]
    if not hosts and _PRONOUN_START.match(text):
        hosts = [r for r in (last_host or last_company,) if r is not None]
    if not hosts:
        return []
    evidence, start, _ = _evidence(doc_text, evidence_span.start_char, evidence_span.end_char)
    out = []
    for h in dict.fromkeys(hosts):
        for c in recent:
            g = refs.get(c.guest_id) if c.guest_id else None
            if g is not None and same_family(h, g):
                g = None
            out.append((False, Claim(host_id=h.id, host=h.name, guest_id=g.id if g else None,
                                     guest=g.name if g else None, kind=c.kind, status=status.status,
                                     evidence=evidence, start=start, end=start + len(evidence),
                                     confidence=FOLLOW_UP_CONFIDENCE)))
    return list({(c.host_id, c.guest_id, c.kind): (b, c) for b, c in out}.values())


def _sentence_claims(doc_text: str, sent, ents, refs, triggers, status, prev_status, prev_sent, last_host, last_company,
                     app_mentions, cues: Cues, prev_claims: list[Claim], evidence_span: Span | None = None,
                     continuation: bool = False, recent_guests: list[EntityRef] = (),
                     recent: list[Claim] = (), company_mentions: list[EntityRef] = (),
                     antecedent: EntityRef | None = None) -> list[tuple[bool, Claim]]:
    """Claims of one clause (`sent`); evidence is the whole sentence (`evidence_span`)."""
    evidence_span = evidence_span if evidence_span is not None else sent
    doc = sent.doc
    sent_text = doc_text[sent.start_char:sent.end_char]  # Span.text rebuilds the string on every call
    trigger_tokens: dict[int, str] = {}
    for cue, m in triggers:
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None:
            for t in span:
                trigger_tokens.setdefault(t.i, cue.label)
    roles_ = [c.label for c, _ in triggers]
    mentions = [Mention(span=e, ref=refs[e.kb_id_]) for e in ents if refs[e.kb_id_].type != "regulator"]
    regulators = [e for e in ents if refs[e.kb_id_].type == "regulator"]
    first_trigger = sent.start_char + min((m.start() for _, m in triggers), default=len(sent_text))
    score_mentions(sent, mentions, trigger_tokens, cues.context.descriptor_nouns)
    roles = decide_roles(mentions, first_trigger, refs)
    hosts = [m.ref for m in roles.hosts]
    if not hosts and continuation:  # "..., and Taobao has not said whether it will": the clause's subject
        hosts = [m.ref for m in mentions if m.host > 0 and m.guest < 2 and not m.descriptor][:1]
    guests = [own_service(resolve_guest(m, app_mentions, refs), sent_text, refs, cues) for m in roles.guests]
    confidence = 0.85 if not roles.fallback else 0.65

    # status: the sentence's own, else the sentence before when this one refers back
    evidence_start = evidence_span.start_char
    background = False
    if status is None and (continuation or _refers_back(sent_text)) and prev_status is not None and prev_sent is not None:
        status = prev_status
        evidence_start = min(prev_sent.start_char, evidence_start)
        confidence -= 0.1
    if status is None:
        # a finite trigger verb ("Taobao accepts ..."), one with a present 'can' ("customers can pick ..."), a
        # passive one in the present or past ("shoppers are offered WeChat Pay"), or one in the present perfect
        # ("Apple has brought RCS to the iPhone")
        finite = [doc[i] for i in trigger_tokens if _states_what_is(doc[i])]
        if not finite or not hosts:
            return []
        status = StatusReading("live", "default.finite-verb")
        confidence -= 0.2
    if status.background:
        background = True
        confidence -= 0.2

    if status.status == "refused" and any("ordered-object" in m.notes for m in roles.hosts):
        # "The judge barred Apple from charging ...": a prohibition a judge, regulator or law lays on the host
        status = StatusReading("ordered", "ordered.prohibition")
    if status.cue_id == "ordered.must" and _users_must(sent):
        # "iPhone users must rely on third-party apps": what users have to do is no order to a platform; the
        # clause may still say how the platform stands ("shoppers cannot pay with X and have to use Y": refused)
        status = read_status(sent_text, tuple(c for c in cues.statuses if c.label != "ordered"), cues.rewrites)
        if status is None or status.background:
            return []
    # "Apple still requires purchases to go through its own system": a platform's own requirement keeps
    # rivals out; only a regulator, a court or a law orders
    if status.status == "ordered" and not regulators and _self_imposed(sent, trigger_tokens, refs):
        status = StatusReading("refused", "refused.own-requirement")
    # a regulator's order, or one it weighs ("it may require the company to ..."): the obliged companies are the hosts
    if (status.status == "ordered" or _weighed_order(status, roles_)) and (regulators or "order" in roles_):
        after = [m for m in mentions if not m.descriptor and m.ref.id not in {g.id for g in guests}
                 and "alternative-to" not in m.notes and "litigant" not in m.notes  # "sources other than Google Play": the host's own; a party to a suit is not the one bound
                 and m.span.start_char > (regulators[0].end_char if regulators else sent.start_char)
                 and m.guest < 2]
        # the objects of the order ("told Alibaba, Tencent and ByteDance to"), else every name after the
        # regulator, unless the obligation is the subject's own ("Apple must open ..., under commitments
        # the Commission made binding, closing an investigation into Apple Pay")
        objects = [m.ref for m in after if "ordered-object" in m.notes]
        obliged = objects or ([] if any(_named_as_subject(m) and m.host >= 3 for m in mentions) else
                              [m.ref for m in after if m.host >= 2] or [m.ref for m in after])
        if obliged:
            owners = {r.owner_id for r in obliged if r.owner_id}
            hosts = [r for r in obliged if not (r.type == "company" and r.id in owners)]
            guest_owners = {g.owner_id for g in guests if g.owner_id}
            hosts = [h for h in hosts if h.id not in guest_owners] or hosts
            # "requiring Google to let rival app stores into the Play Store": the obliged company's own
            # platform named as the place is the host
            placed = [m.ref for m in mentions if m.ref.type == "app" and m.host >= 2 and m.host > m.guest]
            hosts = list(dict.fromkeys(
                next((p for p in placed if p.owner_id == h.id), h) if h.type == "company" else h for h in hosts))

    # "it shut down Beeper Mini, an Android app that let Android users ...": a pronoun subject of the
    # opening verb outranks names that only sit near it
    direct = {"subject", "object-open", "by-agent", "ordered-object", "removed-from", "passive-subject-of-clause",
              "users-of", "possessor"}
    if hosts and not any(direct & set(m.notes) for m in mentions) and pronoun_subject(sent, trigger_tokens):
        hosts = []
    # "the platform", "the store", "the app" refer to the platform named last; "Apple has not opened
    # the service" to Apple's platform named last
    if not hosts or all(h.type == "company" for h in hosts):
        ref = platform_reference(sent_text, app_mentions, last_host, guests)
        if ref is not None and (not hosts or ref.owner_id in {h.id for h in hosts}):
            hosts = [ref]
            confidence -= 0.15
    # "the companies still barred links", "both companies": the last two companies named, those of this
    # sentence before the words included ("Epic sued Google and Apple, the day both companies removed ...")
    together = _COMPANIES.search(sent_text)
    if not hosts and together:
        here = [refs[e.kb_id_] for e in ents if refs[e.kb_id_].type == "company"
                and e.start_char < sent.start_char + together.start()]
        hosts = _distinct_groups(reversed([*company_mentions, *here]), refs)[:2]
        confidence -= 0.15
    # "the CCI fined Google and ordered it not to restrict developers": the company an order names by a pronoun
    if not hosts and (status.status == "ordered" or _weighed_order(status, roles_)) and _ORDERED_PRONOUN.search(sent_text) and last_company is not None \
            and last_company.id not in {g.id for g in guests} | {g.owner_id for g in guests}:
        hosts = [last_company]
        confidence -= 0.15
    # pronoun subjects refer to the last host or company named
    if not hosts:
        head = sent_text[: max(0, first_trigger - sent.start_char)]
        if _PRONOUN_START.match(head) or _SAID_PRONOUN.search(head):
            # "Apple has said it will ...": the speaker; else the subject just before; else the last host or company
            speakers = [m.ref for m in mentions if "speaker" in m.notes and m.span.start_char < first_trigger]
            ref = speakers[0] if _SAID_PRONOUN.search(head) and speakers else antecedent or last_host or last_company
            if _EPITHET_HEAD.search(head) and not speakers:  # "the Cupertino company": a company, not its platform
                ref = antecedent if antecedent is not None and antecedent.type == "company" else last_company
            if ref is not None and ref.id not in {g.id for g in guests} and ref.id not in {g.owner_id for g in guests}:
                hosts = [ref]
                confidence -= 0.15
    # "payment systems other than Apple's own": the platform whose own system the rivals replace
    if not hosts:
        own = [m.ref for m in mentions if "alternative-to" in m.notes]
        hosts = list(dict.fromkeys(refs.get(r.owner_id, r) if r.type == "app" and r.owner_id in refs else r
                                   for r in own))
    # rivals named with no platform ("Users will be able to pick a browser such as Firefox"): the platform
    # of the claims just before
    if not hosts and guests and prev_claims:
        hosts = list(dict.fromkeys(refs[c.host_id] for c in prev_claims if c.host_id in refs))
        confidence -= 0.15
    # a sentence that refers back ("It now allows them") takes host, guest and kind from the one before
    inherited_kind = None
    back = continuation or _refers_back(sent_text) or bool(_PRONOUN_SUBJECT.match(sent_text.strip())) \
        or bool(_SIMILAR.search(sent_text))  # "Microsoft offers a similar interface for LinkedIn"
    if back and prev_claims and not guests:
        # "The feature will roll out on Android and iOS": the feature is the host's; the places it
        # rolls out to are no hosts of their own
        if hosts and _NOMINAL_BACK.match(sent_text) and not any(_named_as_subject(m) for m in roles.hosts):
            hosts = []
        same = [c for c in prev_claims if not hosts or c.host_id in {h.id for h in hosts}] or prev_claims
        if same:
            hosts = hosts or [refs[c.host_id] for c in same if c.host_id in refs]
            guests = [refs[c.guest_id] for c in same if c.guest_id in refs]
            guests = list(dict.fromkeys(guests))
            inherited_kind = same[0].kind
    never = cues.context.never_hosts
    if never is not None:  # a standard is carried, it hosts no one ("RCS brings read receipts to ...")
        hosts = [h for h in hosts if not never.search(h.name)]
    if not hosts:
        return []
    if not guests:  # "with contacts on the two apps", "began accepting it": rivals named before
        guests = guests_referred_to(sent_text, hosts, app_mentions, recent_guests)
    # "will add support for RCS to iOS, iPadOS and macOS": a company's own platforms the opening is brought to
    hosts = list(dict.fromkeys(d for h in hosts for d in (_destinations(sent, ents, refs, h, guests) or [h])))
    hosts = list(dict.fromkeys(specific_platform(h, sent_text, app_mentions, cues) for h in hosts))
    masked = _masked(sent, ents, doc_text)
    kinds, top = kinds_and_strength(masked, [g.name for g in guests] or list(roles.own_systems), cues.kinds,
                                    hosts=[h.name for h in hosts])
    main_only = _without_circumstance(sent, ents, doc_text, masked)
    if main_only != masked:
        # "removed Fortnite from their stores after Epic added its own payment option": what was removed says the
        # kind; a clause of time or cause says what led to it
        kinds_main, top_main = kinds_and_strength(main_only, [g.name for g in guests] or list(roles.own_systems),
                                                  cues.kinds, hosts=[h.name for h in hosts])
        if kinds_main and top_main >= 2:  # the main clause itself says what is opened, not a name alone
            kinds, top = kinds_main, top_main
    weak = top < 2
    if inherited_kind and (not kinds or weak or _SIMILAR.search(sent_text)):
        kinds = [inherited_kind]  # "a similar interface", "the change removed a barrier": the kind before
    if not kinds and status.status == "unclear" and recent:
        # "Meta has not said when the feature will be offered in the EU": what is unknown is the opening
        # the article has just told, of the same kind and rival
        kinds = list(dict.fromkeys(c.kind for c in recent))
        if not guests:
            guests = list(dict.fromkeys(refs[c.guest_id] for c in recent if c.guest_id in refs))
    if not kinds:
        return []  # nothing says what is opened: too weak a claim (measured: none of these was right)
    if set(kinds) <= {"links", "payment"} and not guests:
        hosts, guests = apps_steering_away(hosts, sent_text, app_mentions, cues)
    evidence, start, end = _evidence(doc_text, evidence_start, evidence_span.end_char)
    out = []
    sentence_apps = [refs[e.kb_id_] for e in ents if refs[e.kb_id_].type == "app"]
    pairs = []
    for k in kinds:
        for h in hosts:
            h = kind_platform(h, k, sent_text, [*refs.values(), *app_mentions, *sentence_apps], cues,
                               {g.id for g in guests}, sentence_apps)
            pairs.extend((h, kind_guest(g, k, app_mentions + sentence_apps, cues) if g else None, k)
                         for g in guests or [None])
    # a claim with no named guest must still open something to others ("rival wallets", "outside
    # offers"): "iOS 18 lets users schedule messages" is a feature, not an opening
    rival_text = evidence if not back or prev_sent is None else doc_text[prev_sent.start_char: evidence_span.end_char]
    folded_rival = fold(rival_text)
    open_to_others = any(c.search(folded_rival) for c in cues.rivals)
    # "requires every browser to use its own WebKit engine", "lets users install apps only from its
    # store": a refusal that keeps to the host's own keeps rivals out
    own_only = status.status == "refused" and bool(_OWN_ONLY.search(sent_text))
    for h, g, kind in dict.fromkeys(pairs):
        if g is not None and same_family(h, g):
            if not own_only:
                continue  # a service of the host's own family is no rival
            g = None
        if g is None and not (open_to_others or own_only):
            continue
        out.append((background, Claim(
            host_id=h.id, host=h.name, guest_id=g.id if g else None, guest=g.name if g else None,
            kind=kind, status=status.status, evidence=evidence, start=start, end=end,
            confidence=round(max(0.1, min(1.0, confidence)), 2),
        )))
    return out


_BROUGHT_TO = re.compile(r"\b(?:add|adds|added|adding|bring|brings|brought|bringing|extend\w*|roll(?:s|ed|ing)? out|"
                         r"expand\w*)\b[^.;:]{0,80}?\bto\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_JOIN = re.compile(r"(?:,|\band|\bor)\s*$", re.IGNORECASE)


def _destinations(sent: Span, ents, refs: dict[str, EntityRef], host: EntityRef, guests) -> list[EntityRef]:
    """The company host's own apps named after 'to' of a verb that brings something ("add support for RCS
    messages to iOS, iPadOS and macOS", "bring the feature to WhatsApp"): each is the host."""
    if host.type != "company":
        return []
    doc_text = sent.doc.text
    guest_ids = {g.id for g in guests}
    in_sent = [e for e in ents if sent.start_char <= e.start_char < sent.end_char]
    out = []
    for e in in_sent:
        ref = refs[e.kb_id_]
        if ref.type != "app" or ref.owner_id != host.id or ref.id in guest_ids:
            continue
        prefix = doc_text[sent.start_char:e.start_char].rstrip()
        while True:  # step back over the names listed before this one ("iOS, iPadOS and")
            joined = _LIST_JOIN.search(prefix)
            if not joined:
                break
            before = prefix[:joined.start()].rstrip()
            prev = next((o for o in in_sent if o.end_char - sent.start_char == len(before)), None)
            if prev is None:
                break
            prefix = doc_text[sent.start_char:prev.start_char].rstrip()
        if _BROUGHT_TO.search(prefix + " "):
            out.append(ref)
    return list(dict.fromkeys(out))


def _distinct_groups(companies, refs: dict[str, EntityRef]) -> list[EntityRef]:
    """Companies in order, each group once: "the designated companies" after "Apple and its Japanese unit
    iTunes K.K. ... and Google" are Apple and Google, not a parent and its own subsidiary."""
    def group(r: EntityRef) -> str:  # the topmost owner the article names
        return next((o for o in reversed(owner_chain(r, refs)) if o in refs), r.id)
    out, groups = [], set()
    for c in companies:
        if group(c) not in groups:
            groups.add(group(c))
            out.append(c)
    return out


def _weighed_order(status: StatusReading, roles_: list[str]) -> bool:
    """An order a regulator only weighs ("has said it may require the company to offer choice screens"):
    pending, but its object is the host, as for an order given."""
    return status.status == "pending" and status.cue_id == "pending.deliberation" and "order" in roles_


# the words of a rule, a court or a regulator (those a prohibition names, and more nouns of rule-makers)
_RULE_WORDS = frozenset(RULE_NOUNS | {"authority", "directive", "directives", "government", "orders", "regulators"})


def _self_imposed(clause: Span, trigger_tokens: dict[int, str], refs: dict[str, EntityRef]) -> bool:
    """Every ordering verb of the clause has a named company or app as its subject (or possessor:
    "Apple's requirement that every browser use WebKit"), and no rule, court or regulator word."""
    doc = clause.doc
    verbs = [doc[i] for i, role in trigger_tokens.items()
             if role == "order" and doc[i].tag_[:2] in ("VB", "NN") and doc[i].lower_ != "must"]
    if not verbs:
        return False
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "poss")]
        if not subjects:
            return False
        for subj in subjects:
            words = {t.lower_ for t in subj.subtree}
            named = any(t.ent_type_ in ("COMPANY", "APP") and t.ent_kb_id_ in refs for t in subj.subtree)
            if not named or words & _RULE_WORDS:
                return False
    return True


_PEOPLE = frozenset({"user", "users", "owners", "customers", "consumers", "subscribers", "people", "shoppers", "buyers",
                     "developers", "developer", "merchants", "sellers", "banks", "rival", "rivals", "competitors",
                     "players", "businesses", "publishers", "operators", "makers", "partners", "they"})
_GIVEN = frozenset({"able", "allowed", "permitted", "given", "offered", "shown", "told", "informed", "free"})


def _users_must(clause: Span) -> bool:
    """'iPhone users who want richer chats must rely on third-party apps', 'a rival must sign an agreement':
    an obligation whose subject is the platform's users, developers or rivals binds no platform (unless
    they must be *given* something: "users must be able to uninstall apps")."""
    found = False
    for t in clause:
        if t.lower_ == "must":
            verb = t.head
        elif t.lower_ in ("have", "has") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            verb = t  # "shoppers ... have to use Alipay": the subject hangs on 'have'
        else:
            continue
        holder = verb
        while not any(c.dep_ in ("nsubj", "nsubjpass") for c in holder.children) and holder.dep_ == "conj":
            holder = holder.head  # "shoppers cannot pay with X, and have to use Y": the subject of the first verb
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or any(s.ent_type_ or s.lower_ not in _PEOPLE for s in subjects):
            return False
        if verb.lower_ in _GIVEN or any(c.lower_ in _GIVEN for c in verb.children if c.dep_ in ("acomp", "xcomp", "oprd")):
            return False
        found = True
    return found


_CIRCUMSTANCE_MARKS = frozenset({"after", "because", "since", "when", "before", "until", "once", "following", "as"})


def _without_circumstance(sent: Span, ents: list[Span], doc_text: str, masked: str) -> str:
    """The masked sentence without its clauses of time or cause ("..., after Epic added its own payment
    option"), each cut from the parse: an adverbial clause opened by 'after', 'because', 'since', 'when', ..."""
    doc = sent.doc
    out = masked
    for t in sent:
        if t.dep_ != "advcl" or not (sent.start <= t.head.i < sent.end):
            continue
        if not any(c.dep_ == "mark" and c.lower_ in _CIRCUMSTANCE_MARKS for c in t.children):
            continue
        sub = doc[max(t.left_edge.i, sent.start): min(t.right_edge.i + 1, sent.end)]
        inner = [e for e in ents if sub.start <= e.start and e.end <= sub.end]
        piece = _masked(sub, inner, doc_text).strip()
        if piece and piece in out:
            out = out.replace(piece, " ")
    return out


def _masked(sent: Span, ents: list[Span], doc_text: str | None = None) -> str:
    """The sentence with each entity name replaced by its type ("outside the App Store" -> "outside the app"),
    so that names like "App Store" or "Google Play Billing" say nothing of the kind by themselves."""
    doc = sent.doc
    text = (doc_text if doc_text is not None else doc.text)[sent.start_char:sent.end_char]
    for e in reversed(ents):
        a, b = e.start_char - sent.start_char, e.end_char - sent.start_char
        word = TYPE_OF_LABEL.get(e.label_, "entity")
        if e.end < len(doc) and doc[e.end].tag_ in ("NN", "NNS"):
            word += "name"  # "Taobao and Tmall marketplaces" must not read "app marketplaces"
        text = text[:a] + word + text[b:]
    return text
