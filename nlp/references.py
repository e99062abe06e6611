"""Which entity a word stands for: references to platforms and rivals named elsewhere. Pure.

"the two apps" and "began accepting it" (rivals named before), "the store" (the platform named
last), "its store" (the company's store named in the article), "Tencent's payments service" (the
Tencent app named last), a company host standing for its own platform of the claim's kind, and a
phone standing for its owner's store where billing and steering rules are meant.
"""

from __future__ import annotations

import re

from nlp.cues import Cues
from nlp.records import EntityRef
from nlp.roles import Mention


def same_family(h: EntityRef, g: EntityRef) -> bool:
    """True when the guest is the host, its owner, or another service of the same owner."""
    return (g.id == h.id or g.id == h.owner_id or h.id == g.owner_id
            or (h.owner_id is not None and h.owner_id == g.owner_id))


_GROUP_REFERENCE = re.compile(
    r"\b(?:the (two|three|four) |both (?:the )?)(?:apps|services|messengers|messaging apps|platforms)\b",
    re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4}
_GUEST_ANAPHOR = re.compile(
    r"\b(?:accept|accepts|accepted|accepting|offer|offers|offered|offering|support|supports|supported|supporting|"
    r"add|adds|added|adding|allow|allows|allowed|allowing|integrate|integrates|integrated|integrating|bring|brings|"
    r"brought|bringing|test|tests|tested|testing|enable|enables|enabled|enabling|take|takes|took|taking)"
    r"\s+(?:it|them|the (?:new )?(?:payment )?(?:option|service|wallet|method|alternative))\b", re.IGNORECASE)


def guests_referred_to(text: str, hosts: list[EntityRef], app_mentions: list[EntityRef],
                       recent_guests: list[EntityRef]) -> list[EntityRef]:
    """Rivals a sentence names only by reference: "the two apps" (the last two apps named, other than
    the host's), "began accepting it" / "has offered the option" (the rival of the last claim)."""
    host_ids = {h.id for h in hosts}
    host_owners = {h.owner_id for h in hosts if h.owner_id} | host_ids
    group = _GROUP_REFERENCE.search(text)
    if group:
        want = _NUMBERS.get((group.group(1) or "").lower(), 2)
        found: list[EntityRef] = []
        for ref in reversed(app_mentions):
            if ref.id in host_ids or ref.owner_id in host_owners or ref in found:
                continue
            found.append(ref)
            if len(found) == want:
                return list(reversed(found))
        return []
    if _GUEST_ANAPHOR.search(text):
        return [g for g in recent_guests if g.id not in host_ids and g.owner_id not in host_owners]
    return []


_PLATFORM_REFERENCE = re.compile(r"\b(?:the|its|their) (?:platform|store|app|service|super app|marketplace|phone|device|"
                                 r"handset)\b", re.IGNORECASE)
_STORE_NAME = re.compile(r"(?i)store\b|\bplay\b|marketplace")
_DEVICE_NAME = re.compile(r"(?i)^(?:iphones?|ipads?|ios|ipados|android|pixel|galaxy(?: phones?)?)$")


def platform_reference(text: str, app_mentions: list[EntityRef], last_host: EntityRef | None,
                       guests: list[EntityRef]) -> EntityRef | None:
    """The app that "the platform" / "the store" / "the phone" stands for: the last one named of that sort."""
    m = _PLATFORM_REFERENCE.search(text)
    if m is None:
        return None
    guest_ids = {g.id for g in guests}
    word = m.group(0).lower()
    sort = _STORE_NAME if "store" in word or "marketplace" in word else \
        _DEVICE_NAME if any(w in word for w in ("phone", "device", "handset")) else None
    if last_host is not None and last_host.type == "app" and last_host.id not in guest_ids \
            and (sort is None or sort.search(last_host.name)):
        return last_host
    for ref in reversed(app_mentions):
        if ref.id not in guest_ids and (sort is None or sort.search(ref.name)):
            return ref
    return None


def specific_platform(host: EntityRef, text: str, app_mentions: list[EntityRef], cues: Cues) -> EntityRef:
    """A company host stands for its own app of the kind the sentence names ("Tencent ... in chats" -> WeChat)."""
    if host.type != "company":
        return host
    for _, nouns, names, _ in cues.context.platforms:
        if any(re.search(r"\b(?:in|on|inside|within|across|into|through)\s+(?:[\w-]+\s+){0,3}$", text[:m.start()], re.IGNORECASE)
               for m in nouns.finditer(text)):
            for ref in reversed(app_mentions):
                if ref.owner_id == host.id and names.search(ref.name):
                    return ref
    return host


def kind_platform(host: EntityRef, kind: str, text: str, apps: list[EntityRef], cues: Cues,
                  guest_ids: set[str], named_here: list[EntityRef] = ()) -> EntityRef:
    """A company host of a claim of `kind` stands for its own app of that kind named in the same
    sentence ("Google lets developers offer other billing systems through Google Play" -> Google Play;
    with no store named, the company stays); a phone or its operating system stands for its owner's
    store named anywhere in the article (`apps`), for billing and steering are the store's rules
    ("let developers use other payment systems on iOS and Android" -> the stores, for payment)."""
    for k, context, names, devices in cues.context.kind_platforms:
        if k != kind or not context.search(text):
            continue
        if host.type == "company":
            owner, pool = host.id, named_here
        elif devices is not None and devices.search(host.name) and host.owner_id:
            owner, pool = host.owner_id, apps
        else:
            continue
        for ref in reversed(pool):
            if ref.owner_id == owner and ref.id not in guest_ids and names.search(ref.name):
                return ref
        if host.type == "app" and kind in _OWNER_STANDS_IN:
            # "install apps from outside its App Store", with no phone named: the store's owner opens the phone
            company = next((r for r in apps if r.id == owner and r.type == "company"), None)
            if company is not None and company.id not in guest_ids:
                return company
    return host


_OWNER_STANDS_IN = frozenset({"app_distribution", "device_access"})


def own_service(guest: EntityRef, text: str, refs: dict[str, EntityRef], cues: Cues) -> EntityRef:
    """'Epic Games launched its store on iPhones': a company let in with "its store", "its wallet" is
    its service of that sort, when the article names it."""
    if guest.type != "company":
        return guest
    for m in _OWN_SERVICE.finditer(text):
        kind = next(k for k in ("app_distribution", "payment", "messaging") if m.group(k))
        for k, _, names, _ in cues.context.platforms:
            if k == kind:
                for ref in refs.values():
                    if ref.owner_id == guest.id and ref.type == "app" and names.search(ref.name):
                        return ref
    return guest


_OWN_SERVICE = re.compile(r"\bits (?:own )?(?:new )?(?:(?P<app_distribution>store|app store|marketplace)|"
                          r"(?P<payment>wallet|payment service|payments service|payment app)|"
                          r"(?P<messaging>messaging app|messenger|chat app))\b", re.IGNORECASE)


def kind_guest(guest: EntityRef, kind: str, apps: list[EntityRef], cues: Cues) -> EntityRef:
    """A rival's service of the claim's kind: "pay by scanning a code with WeChat" lets in WeChat Pay,
    where the article names WeChat Pay."""
    for k, _, names, _ in cues.context.platforms:
        if k == kind == "payment" and not names.search(guest.name):
            for ref in reversed(apps):
                if ref.id != guest.id and guest.owner_id and ref.owner_id == guest.owner_id and names.search(ref.name):
                    return ref
    return guest


def resolve_guest(m: Mention, app_mentions: list[EntityRef], refs: dict[str, EntityRef]) -> EntityRef:
    """'Tencent's payments service' -> the Tencent app named last (WeChat Pay), else Tencent."""
    if m.guest_ref_of:
        for ref in reversed(app_mentions):
            if ref.owner_id == m.guest_ref_of:
                return ref
    return m.ref


_OWN_CHANNEL = re.compile(r"\b(?:(?:their|its|his|her) own )?(?:websites?|web ?pages?|web shops?|web stores?|sites?)\b",
                          re.IGNORECASE)


def apps_steering_away(hosts: list[EntityRef], text: str, app_mentions: list[EntityRef],
                       cues: Cues) -> tuple[list[EntityRef], list[EntityRef]]:
    """'Reader apps such as Netflix and Spotify will be able to link to their own websites': apps sending
    users to their own sites are the guests of the store the article is about (the last store named)."""
    if not hosts or not _OWN_CHANNEL.search(text):
        return hosts, []
    stores = [names for kind, _, names, _ in cues.context.kind_platforms if kind in ("links", "payment")]
    store = next((ref for ref in reversed(app_mentions) if any(n.search(ref.name) for n in stores)), None)
    if store is None or any(h.type != "app" or any(n.search(h.name) for n in stores) or h.owner_id == store.owner_id
                            for h in hosts):
        return hosts, []
    return [store], hosts