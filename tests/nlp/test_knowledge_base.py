"""The knowledge base: the validator rejects bad files with a precise message, and the shipped
data (config/kb) is broad, exact and follows the conventions of config/kb/README.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nlp.errors import KnowledgeBaseError
from nlp.knowledge_base import ENTITY_KEYS, KBEntity, KnowledgeBase, alias_key, load_knowledge_base

REPO = Path(__file__).resolve().parents[2]
KB_DIR = REPO / "config" / "kb"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(KB_DIR)


def only(kb: KnowledgeBase, name: str) -> KBEntity:
    found = kb.lookup(name)
    assert len(found) == 1, f"{name!r} resolves to {[e.id for e in found]}, expected exactly one entity"
    return found[0]


# ---------------------------------------------------------------- the validator


def test_valid_fixture_loads_with_ambiguous_alias_and_context():
    small = load_knowledge_base(FIXTURES / "kb_valid")
    assert {e.id for e in small.lookup("Messages")} == {"apple-messages", "google-messages"}
    assert small.lookup("messages") == small.lookup("MESSAGES")
    assert small.entities["apple-messages"].context_required == ("Messages",)
    assert small.owner_of("google-messages").id == "google"
    assert small.entities["european-commission"].country == "EU"
    assert small.entities["google"].context_required == ()


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("kb_unknown_key", ["entities.toml", "wechat", "unknown key", "owner_id"]),
        ("kb_bad_type", ["entities.toml", "pony-ma", "type 'person'"]),
        ("kb_aliases_not_list", ["entities.toml", "wechat", "'aliases' must be a list"]),
        ("kb_country_not_string", ["entities.toml", "wechat", "'country' must be a string"]),
        ("kb_unknown_owner", ["entities.toml", "wechat", "owner 'tencent' is not a known entity id"]),
        ("kb_duplicate_id", ["b.toml", "a.toml", "'wechat' is already defined"]),
        ("kb_alias_claimed_twice", ["entities.toml", "entity 'line'", "also claimed by 'line-corp'", "ambiguous"]),
        ("kb_alias_half_marked", ["entities.toml", "'google-messages'", "'Messages'", "apple-messages", "ambiguous"]),
        ("kb_ambiguous_alone", ["entities.toml", "kaola", "'Koala'", "no other entity claims it", "context_required"]),
        ("kb_bad_toml", ["entities.toml", "not valid TOML"]),
        ("kb_context_stray", ["entities.toml", "teams", "'context_required' lists ['Teams']"]),
        ("kb_country_uk", ["entities.toml", "cma", "'UK'", "use 'GB'"]),
        ("kb_country_lowercase", ["entities.toml", "tencent", "'cn'", "ISO 3166-1 alpha-2"]),
        ("kb_owner_wrong_type", ["entities.toml", "wechat-pay", "owner 'wechat' is a app", "owned by a company"]),
        ("kb_owner_cycle", ["entities.toml", "ownership runs in a circle", "alphabet", "google"]),
        ("kb_self_owner", ["entities.toml", "tencent", "cannot own itself"]),
        ("kb_listed_twice", ["entities.toml", "eleme", "['Eleme'] listed twice"]),
        ("kb_bad_id", ["entities.toml", "WeChat Pay", "id must be lower-case"]),
        ("kb_missing_name", ["entities.toml", "wechat", "'name' must be a non-empty string"]),
        ("kb_top_level_key", ["entities.toml", "unknown top-level key", "entities"]),
    ],
)
def test_validator_rejects_bad_file_naming_file_and_entity(fixture, expected):
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(FIXTURES / fixture)
    message = str(err.value)
    for part in expected:
        assert part in message, f"{part!r} missing from: {message}"


def test_folder_without_toml_files_is_an_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="no \\*.toml files"):
        load_knowledge_base(tmp_path)


def test_readme_documents_every_key_the_loader_accepts():
    readme = (KB_DIR / "README.md").read_text(encoding="utf-8")
    for key in ENTITY_KEYS:
        assert f"`{key}`" in readme or f"\n{key} = " in readme, f"config/kb/README.md does not document {key!r}"


# ---------------------------------------------------------------- the shipped knowledge base: breadth


def test_shipped_kb_meets_the_counts(kb):
    counts = Counter(e.type for e in kb.entities.values())
    assert counts["company"] >= 150
    assert counts["app"] >= 300
    assert counts["regulator"] >= 60


@pytest.mark.parametrize(
    "country, companies, apps, regulators",
    [("CN", 30, 100, 15), ("US", 50, 120, 20), ("GB", 5, 2, 10), ("JP", 8, 8, 6), ("KR", 8, 15, 6), ("IN", 10, 8, 10)],
)
def test_major_region_has_companies_apps_and_regulators(kb, country, companies, apps, regulators):
    counts = Counter(e.type for e in kb.entities.values() if e.country == country)
    assert counts["company"] >= companies and counts["app"] >= apps and counts["regulator"] >= regulators, counts


@pytest.mark.parametrize(
    "country, at_least",
    [("EU", 8), ("DE", 3), ("FR", 2), ("IT", 2), ("ES", 1), ("NL", 1), ("IE", 1), ("PL", 1),
     ("AU", 2), ("BR", 2), ("CA", 2), ("RU", 2), ("TR", 1), ("TW", 1), ("ZA", 1)],
)
def test_eu_and_other_regions_have_their_regulators(kb, country, at_least):
    regulators = [e.id for e in kb.entities.values() if e.type == "regulator" and e.country == country]
    assert len(regulators) >= at_least, regulators


# ---------------------------------------------------------------- owners and countries

# Apps whose owner news does not name apart from the app itself (see each entity's note).
OWNERLESS_APPS = {
    "discord", "telegram", "one-store", "xiaohongshu", "birdychat", "haiket",
    # payment and messaging apps whose operators news does not name (each note says who runs it)
    "bancontact", "blik", "dana", "lydia", "ovo", "paylib", "swish", "touch-n-go", "truemoney", "zalo", "yogiyo",
    "skich", "altstore-pal", "pokemon-go", "apkpure", "uptodown", "startpage", "arc-browser", "f-droid", "aloha-browser", "tor-browser", "paramount-plus", "peacock", "soundiiz",
    "sms", "mms", "activitypub",  # open services: standardised, run by every carrier or server, no single operator
}
# Entities with no single home country, or none on record (see each entity's note).
STATELESS = {"tiktok", "tiktok-shop", "temu", "rcs", "birdychat", "haiket", "sms", "mms", "sunbird", "activitypub", "binance",
             "skich", "king", "candy-crush"}


def test_every_app_has_an_owner_except_the_documented_few(kb):
    ownerless = {e.id for e in kb.entities.values() if e.type == "app" and not e.owner_id}
    assert ownerless == OWNERLESS_APPS


def test_every_entity_has_a_country_except_the_documented_few(kb):
    assert {e.id for e in kb.entities.values() if not e.country} == STATELESS


def test_entities_without_owner_or_country_explain_why(kb):
    raw = _raw_entities()
    for entity_id in OWNERLESS_APPS | STATELESS:
        assert raw[entity_id].get("note"), f"{entity_id} needs a note saying why it has no owner or country"


def test_an_app_run_from_another_country_than_its_owner_says_so(kb):
    raw = _raw_entities()
    for ent in kb.entities.values():
        owner = kb.owner_of(ent.id)
        if ent.type == "app" and owner and ent.country and owner.country and ent.country != owner.country:
            assert raw[ent.id].get("note"), f"{ent.id} ({ent.country}) is owned from {owner.country}: add a note"


@pytest.mark.parametrize("entity_id", ["e-cny", "digital-euro", "pix"])
def test_public_payment_systems_are_owned_by_their_central_bank(kb, entity_id):
    assert kb.owner_of(entity_id).type == "regulator"


def _raw_entities() -> dict[str, dict]:
    import tomllib

    raw = {}
    for path in sorted(KB_DIR.glob("*.toml")):
        for ent in tomllib.loads(path.read_text(encoding="utf-8")).get("entity", []):
            raw[ent["id"]] = ent
    return raw


# ---------------------------------------------------------------- the seed article's entities

# Copied from ../shared/eval/dev/seed-wechat-pay.json (the tests never read ../shared):
# (type, accepted names, owner).
SEED_ENTITIES = [
    ("company", ["Alibaba", "Alibaba Group"], None),
    ("company", ["Tencent", "Tencent Holdings"], None),
    ("company", ["Ant Group", "Ant Financial"], None),
    ("company", ["ByteDance"], None),
    ("app", ["WeChat", "Weixin"], "Tencent"),
    ("app", ["WeChat Pay", "Weixin Pay", "WeChat Payment"], "Tencent"),
    ("app", ["Alipay"], "Ant Group"),
    ("app", ["Ele.me", "Eleme"], "Alibaba"),
    ("app", ["Youku"], "Alibaba"),
    ("app", ["Shuqi"], "Alibaba"),
    ("app", ["Damai"], "Alibaba"),
    ("app", ["Koala", "Kaola"], "Alibaba"),
    ("app", ["Idle Fish", "Xianyu"], "Alibaba"),
    ("app", ["Hema", "Freshippo"], "Alibaba"),
    ("app", ["Taobao Deals", "Taobao Special Edition"], "Alibaba"),
    ("app", ["Taobao"], "Alibaba"),
    ("app", ["Tmall"], "Alibaba"),
    ("app", ["TikTok", "Douyin"], "ByteDance"),
    ("regulator", ["Ministry of Industry and Information Technology", "MIIT",
                   "China's Ministry of Industry and Information Technology"], None),
]
# The gold accepts both names for one entity; the knowledge base keeps ByteDance's two apps apart
# (Douyin in China, TikTok outside it; see config/kb/README.md).
SPLIT_ON_PURPOSE = {("TikTok", "Douyin")}


@pytest.mark.parametrize("etype, names, owner", SEED_ENTITIES, ids=[n[0] for _, n, _ in SEED_ENTITIES])
def test_seed_article_entity_resolves_with_type_and_owner(kb, etype, names, owner):
    found = [only(kb, name) for name in names]
    for name, ent in zip(names, found):
        assert ent.type == etype, f"{name!r} is a {ent.type}"
        if owner is not None:
            assert owner in kb.owner_of(ent.id).names, f"{name!r} is owned by {kb.owner_of(ent.id).name}"
    if tuple(names) not in SPLIT_ON_PURPOSE:
        assert len({e.id for e in found}) == 1, f"{names} resolve to {[e.id for e in found]}"


def test_douyin_and_tiktok_are_two_bytedance_apps(kb):
    douyin, tiktok = only(kb, "Douyin"), only(kb, "TikTok")
    assert douyin.id != tiktok.id
    assert douyin.owner_id == tiktok.owner_id == "bytedance"
    assert douyin.country == "CN" and tiktok.country is None


# ---------------------------------------------------------------- aliases resolve to the right entity

ALIASES = [
    # (alias, entity id, owner id or None)
    ("Xianyu", "xianyu", "alibaba"), ("Idle Fish", "xianyu", "alibaba"), ("Idlefish", "xianyu", "alibaba"),
    ("Hema", "hema", "alibaba"), ("Freshippo", "hema", "alibaba"), ("Hema Fresh", "hema", "alibaba"),
    ("Hema Xiansheng", "hema", "alibaba"),
    ("Weixin", "wechat", "tencent"), ("WeChat", "wechat", "tencent"),
    ("WeChat Pay", "wechat-pay", "tencent"), ("Weixin Pay", "wechat-pay", "tencent"),
    ("WeChat Payment", "wechat-pay", "tencent"),
    ("Damai", "damai", "alibaba"), ("Damai.cn", "damai", "alibaba"),
    ("Kaola", "kaola", "alibaba"), ("Koala", "kaola", "alibaba"), ("NetEase Kaola", "kaola", "alibaba"),
    ("Taobao Deals", "taobao-deals", "alibaba"), ("Taobao Special Edition", "taobao-deals", "alibaba"),
    ("Taote", "taobao-deals", "alibaba"),
    ("Ele.me", "ele-me", "alibaba"), ("Eleme", "ele-me", "alibaba"),
    ("Meta", "meta", None), ("Meta Platforms", "meta", None), ("Facebook Inc.", "meta", None),
    ("Facebook", "facebook", "meta"),
    ("Alphabet", "alphabet", None), ("Google", "google", "alphabet"),
    ("European Commission", "european-commission", None), ("EC", "european-commission", None),
    ("Commission", "european-commission", None), ("EU Commission", "european-commission", None),
    ("SAMR", "samr", None), ("State Administration for Market Regulation", "samr", None),
    ("MIIT", "miit", None), ("Ministry of Industry and Information Technology", "miit", None),
    ("China's Ministry of Industry and Information Technology", "miit", None),
    ("CAC", "cac", None), ("Cyberspace Administration of China", "cac", None),
    ("PBOC", "pboc", None), ("People's Bank of China", "pboc", None), ("People\u2019s Bank of China", "pboc", None),
    ("CMA", "cma", None), ("Competition and Markets Authority", "cma", None),
    ("US FTC", "ftc", None), ("Federal Trade Commission", "ftc", None),
    ("DOJ", "doj", None), ("Department of Justice", "doj", None), ("Justice Department", "doj", None),
    ("KFTC", "kftc", None), ("Korea Fair Trade Commission", "kftc", None),
    ("JFTC", "jftc", None), ("Japan Fair Trade Commission", "jftc", None),
    ("CCI", "cci", None), ("Competition Commission of India", "cci", None),
    ("Bundeskartellamt", "bundeskartellamt", None), ("Federal Cartel Office", "bundeskartellamt", None),
    ("ACM", "acm", None), ("Autorité de la concurrence", "autorite-de-la-concurrence", None),
    ("AGCM", "agcm", None), ("CNMC", "cnmc", None), ("ACCC", "accc", None), ("CADE", "cade", None),
    ("Ofcom", "ofcom", None),
    ("EU Court of Justice", "cjeu", None), ("CJEU", "cjeu", None), ("European Court of Justice", "cjeu", None),
    ("General Court", "general-court", "cjeu"),
    ("US District Court for the Northern District of California", "nd-cal", None),
    ("Northern District of California", "nd-cal", None),
    ("European Parliament", "european-parliament", None), ("Council of the EU", "council-of-the-eu", None),
    ("US Congress", "us-congress", None), ("Congress", "us-congress", None),
    ("Korea's National Assembly", "national-assembly-korea", None), ("National Assembly", "national-assembly-korea", None),
    ("Japan's Diet", "national-diet", None), ("Diet", "national-diet", None),
    ("HarmonyOS", "harmonyos", "huawei"), ("AppGallery", "appgallery", "huawei"), ("Huawei Pay", "huawei-pay", "huawei"),
    ("Alipay", "alipay", "ant-group"), ("Yu'e Bao", "yuebao", "ant-group"), ("Huabei", "huabei", "ant-group"),
    ("App Store", "app-store", "apple"), ("iMessage", "imessage", "apple"), ("Apple Pay", "apple-pay", "apple"),
    ("Safari", "safari", "apple"), ("FaceTime", "facetime", "apple"), ("iOS", "ios", "apple"),
    ("iPadOS", "ipados", "apple"), ("iCloud", "icloud", "apple"), ("Siri", "siri", "apple"),
    ("Find My", "find-my", "apple"), ("AirDrop", "airdrop", "apple"), ("Apple Wallet", "apple-wallet", "apple"),
    ("Apple Watch", "apple-watch", "apple"), ("iPhone", "iphone", "apple"),
    ("Google Play", "google-play", "google"), ("Play Store", "google-play", "google"),
    ("Android", "android", "google"), ("Chrome", "chrome", "google"), ("Gmail", "gmail", "google"),
    ("Google Pay", "google-pay", "google"), ("Google Wallet", "google-wallet", "google"),
    ("Google Messages", "google-messages", "google"), ("Google Search", "google-search", "google"),
    ("YouTube", "youtube", "google"), ("Google Maps", "google-maps", "google"),
    ("Google Assistant", "google-assistant", "google"),
    ("WhatsApp", "whatsapp", "meta"), ("Messenger", "messenger", "meta"), ("Instagram", "instagram", "meta"),
    ("Threads", "threads", "meta"),
    ("Microsoft Teams", "teams", "microsoft"), ("Teams", "teams", "microsoft"), ("Windows", "windows", "microsoft"),
    ("Edge", "edge", "microsoft"), ("Bing", "bing", "microsoft"), ("Outlook", "outlook", "microsoft"),
    ("Xbox", "xbox", "microsoft"), ("LinkedIn", "linkedin", "microsoft"),
    ("Alexa", "alexa", "amazon"), ("Amazon Prime", "amazon-prime", "amazon"), ("Kindle", "kindle", "amazon"),
    ("AWS", "aws", "amazon"), ("Amazon Marketplace", "amazon-marketplace", "amazon"),
    ("Galaxy Store", "galaxy-store", "samsung"), ("Samsung Pay", "samsung-pay", "samsung"),
    ("Samsung Wallet", "samsung-wallet", "samsung"),
    ("Fortnite", "fortnite", "epic-games"), ("Epic Games Store", "epic-games-store", "epic-games"),
    ("Spotify", "spotify", None), ("Tinder", "tinder", "match-group"), ("Match Group", "match-group", None),
    ("Telegram", "telegram", None), ("Signal", "signal", "signal-foundation"), ("Viber", "viber", "rakuten"),
    ("LINE", "line", "ly-corp"), ("Line", "line", "ly-corp"), ("KakaoTalk", "kakaotalk", "kakao"),
    ("Kakao Pay", "kakao-pay", "kakao"), ("Naver", "naver", None), ("Naver Pay", "naver-pay", "naver"),
    ("Coupang", "coupang", None), ("Rakuten", "rakuten", None),
    ("LINE Yahoo", "ly-corp", None), ("LY Corp", "ly-corp", None), ("PayPay", "paypay", "ly-corp"),
    ("Paytm", "paytm", None), ("PhonePe", "phonepe", "walmart"), ("Flipkart", "flipkart", "walmart"),
    ("UPI", "upi", "npci"), ("NPCI", "npci", None), ("Jio", "jio-platforms", "reliance"),
    ("Booking.com", "booking-com", "booking-holdings"), ("Uber", "uber", None),
    ("X", "x", "x-corp"), ("Twitter", "x", "x-corp"), ("Snapchat", "snapchat", "snap"),
    ("Discord", "discord", None), ("Slack", "slack-technologies", "salesforce"), ("Slack Technologies", "slack-technologies", "salesforce"), ("Zoom", "zoom", None),
    ("Steam", "steam", "valve"), ("Valve", "valve", None), ("Proton Mail", "proton-mail", "proton"),
    ("DuckDuckGo", "duckduckgo", None), ("Mozilla", "mozilla", None), ("Firefox", "firefox", "mozilla"),
    ("Opera", "opera", None), ("Brave", "brave", "brave-software"), ("Vivaldi", "vivaldi", "vivaldi-technologies"),
    ("Ecosia", "ecosia", None), ("Qwant", "qwant", None),
    ("RCS", "rcs", "gsma"), ("Universal Profile", "rcs", "gsma"), ("GSMA", "gsma", None),
    ("Stripe", "stripe", None), ("PayPal", "paypal", None), ("Visa", "visa", None), ("Mastercard", "mastercard", None),
    ("Klarna", "klarna", None), ("Vipps", "vipps", "vipps-mobilepay"), ("MobilePay", "mobilepay", "vipps-mobilepay"),
    ("Curve", "curve", None), ("Netflix", "netflix", None), ("Deezer", "deezer", None), ("Tidal", "tidal", "block"),
    ("Disney+", "disney-plus", "disney"),
    ("Douyin", "douyin", "bytedance"), ("Toutiao", "toutiao", "bytedance"), ("Xigua Video", "xigua-video", "bytedance"),
    ("Lark", "feishu", "bytedance"), ("Feishu", "feishu", "bytedance"), ("CapCut", "capcut", "bytedance"),
    ("Doubao", "doubao", "bytedance"), ("Douyin Pay", "douyin-pay", "bytedance"),
    ("Weibo", "weibo", "weibo-corp"), ("Sina", "sina", None), ("Bilibili", "bilibili", None),
    ("Xiaohongshu", "xiaohongshu", None), ("RedNote", "xiaohongshu", None), ("Zhihu", "zhihu", None),
    ("iQiyi", "iqiyi", "baidu"), ("Didi", "didi", None), ("Ctrip", "ctrip", "trip-com-group"),
    ("Trip.com", "trip-com", "trip-com-group"), ("Qunar", "qunar", "trip-com-group"),
    ("Dianping", "dianping", "meituan"), ("Youku", "youku", "alibaba"), ("Tudou", "tudou", "alibaba"),
    ("UC Browser", "uc-browser", "alibaba"), ("AutoNavi", "amap", "alibaba"), ("Amap", "amap", "alibaba"),
    ("Gaode", "amap", "alibaba"), ("DingTalk", "dingtalk", "alibaba"), ("Tmall", "tmall", "alibaba"),
    ("Tmall Genie", "tmall-genie", "alibaba"), ("1688", "alibaba-1688", "alibaba"),
    ("AliExpress", "aliexpress", "alibaba"), ("Lazada", "lazada", "alibaba"), ("Cainiao", "cainiao", "alibaba"),
    ("Fliggy", "fliggy", "alibaba"), ("Shuqi", "shuqi", "alibaba"), ("Koubei", "koubei", "alibaba"),
    ("Alibaba Cloud", "alibaba-cloud", "alibaba"), ("Aliyun", "alibaba-cloud", "alibaba"),
    ("Alibaba Cloud Intelligence Group", "alibaba-cloud-intelligence", "alibaba"),
    ("Taotian Group", "taotian", "alibaba"), ("Taobao and Tmall Group", "taotian", "alibaba"),
    ("Trendyol", "trendyol", "alibaba"), ("Quark", "quark", "alibaba"),
    ("QQ", "qq", "tencent"), ("QQ Music", "qq-music", "tencent-music"), ("Tencent Video", "tencent-video", "tencent"),
    ("WeCom", "wecom", "tencent"), ("WeChat Work", "wecom", "tencent"),
    ("WeChat mini programs", "wechat-mini-programs", "tencent"), ("Tenpay", "tenpay", "tencent"),
    ("Tencent Cloud", "tencent-cloud", "tencent"), ("Honor of Kings", "honor-of-kings", "tencent"),
    ("Kugou", "kugou", "tencent-music"), ("Kuwo", "kuwo", "tencent-music"),
    ("JD Pay", "jd-pay", "jd"), ("JD.com", "jd", None), ("Meituan Pay", "meituan-pay", "meituan"),
    ("Kuaishou", "kuaishou", None), ("Pinduoduo", "pinduoduo", "pdd-holdings"), ("PDD", "pdd-holdings", None),
    ("Temu", "temu", "pdd-holdings"), ("Duoduo Maicai", "duoduo-maicai", "pdd-holdings"),
    ("NetEase", "netease", None), ("Xiaomi", "xiaomi", None), ("Huawei", "huawei", None),
]


@pytest.mark.parametrize("alias, entity_id, owner_id", ALIASES, ids=[a for a, _, _ in ALIASES])
def test_alias_resolves_to_entity_and_owner(kb, alias, entity_id, owner_id):
    ent = only(kb, alias)
    assert ent.id == entity_id
    assert ent.owner_id == owner_id


@pytest.mark.parametrize(
    "alias, entity_ids",
    [
        ("Messages", {"apple-messages", "google-messages"}),
        ("Fair Trade Commission", {"kftc", "jftc", "tftc"}),
        ("FTC", {"ftc", "kftc"}),  # Korean news calls the KFTC "the FTC"
        ("Treasury", {"hm-treasury", "us-treasury", "australian-treasury"}),
        ("Competition Commission", {"cci", "competition-commission-za"}),
        ("industry ministry", {"miit", "meti"}),
        ("Supreme Court", {"us-supreme-court", "uk-supreme-court", "supreme-court-india"}),
        ("Personal Information Protection Commission", {"ppc-japan", "pipc"}),
    ],
)
def test_shared_alias_is_marked_ambiguous_on_every_claimant(kb, alias, entity_ids):
    found = kb.lookup(alias)
    assert {e.id for e in found} == entity_ids
    for ent in found:
        assert alias_key(alias) in {alias_key(a) for a in ent.ambiguous}


@pytest.mark.parametrize("word", ["Search", "Maps", "Wallet", "Play", "Prime", "Brussels", "Beijing", "Washington",
                                  "China", "Europe", "EU", "Tokyo", "Seoul"])
def test_generic_words_and_places_are_not_aliases(kb, word):
    assert kb.lookup(word) == ()


@pytest.mark.parametrize("outlet", ["CNBC", "CNBC Pro", "Reuters", "Bloomberg", "Getty Images", "NurPhoto",
                                    "Associated Press", "AFP", "Financial Times", "South China Morning Post"])
def test_news_outlets_and_photo_agencies_are_not_entities(kb, outlet):
    assert kb.lookup(outlet) == ()


# Bare names that are also ordinary words, names or letters: wherever the knowledge base lists one,
# it must be in that entity's context_required (the NLP side keeps such a match only with context).
COMMON_WORDS = {
    "line", "signal", "edge", "teams", "threads", "koala", "chrome", "windows", "messenger", "outlook", "lark",
    "quark", "safari", "mac", "echo", "ring", "twitch", "audible", "kindle", "alexa", "steam", "slack", "discord",
    "telegram", "tinder", "hinge", "brave", "opera", "vivaldi", "tidal", "square", "block", "snap", "zoom",
    "stripe", "visa", "curve", "nothing", "honor", "epic", "valve", "grab", "eternal", "reliance", "proton",
    "pixel", "galaxy", "gemini", "bard", "copilot", "azure", "x", "max", "pix", "fed", "congress", "senate",
    "council", "commission", "diet", "cat", "ico", "safe", "oracle", "messages", "national assembly",
    "court of appeal", "ministry of commerce", "ant", "1688", "beeper", "bumble", "grok", "kimi", "find my",
    "braintree", "vivo", "ideal", "webtoon", "word", "excel", "blink", "takeout", "gecko", "mastodon",
}


def test_common_word_aliases_require_context(kb):
    missing = []
    for ent in kb.entities.values():
        needs = {alias_key(a) for a in ent.context_required}
        missing += [(ent.id, n) for n in ent.names if alias_key(n) in COMMON_WORDS and alias_key(n) not in needs]
    assert not missing, f"add these to context_required: {missing}"


@pytest.mark.parametrize("word", ["Line", "Signal", "Edge", "Teams", "Threads", "Koala", "Chrome", "Windows"])
def test_named_common_words_are_listed(kb, word):
    ent = only(kb, word)
    assert alias_key(word) in {alias_key(a) for a in ent.context_required}


def test_unambiguous_full_forms_exist_for_common_word_products(kb):
    for full, entity_id in [("Microsoft Teams", "teams"), ("Microsoft Edge", "edge"), ("Google Chrome", "chrome"),
                            ("Signal Messenger", "signal"), ("LINE app", "line"), ("Facebook Messenger", "messenger"),
                            ("Microsoft Windows", "windows"), ("Threads app", "threads")]:
        assert only(kb, full).id == entity_id
