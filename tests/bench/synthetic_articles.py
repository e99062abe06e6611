"""Varied synthetic news articles for the NLP benchmark: relevant (platform opening, orders,
refusals) and irrelevant (earnings, sport, weather, gadget reviews), in our own words."""

from __future__ import annotations

import random
from collections.abc import Iterator

from nlp.records import ArticleText

HOSTS = ["Taobao", "Tmall", "WeChat", "Douyin", "Meituan", "JD.com", "Apple", "Google Play", "WhatsApp", "iMessage",
         "Xianyu", "Youku", "QQ", "Messenger", "the App Store", "Pinduoduo"]
GUESTS = ["WeChat Pay", "Alipay", "Taobao links", "Douyin videos", "rival app stores", "third-party chats",
          "alternative billing", "other wallets", "Signal", "JD.com links", "UnionPay"]
REGULATORS = ["the European Commission", "MIIT", "SAMR", "the Korea Communications Commission", "the Japan Fair Trade Commission",
              "a federal judge", "the CMA", "regulators in Brussels"]
CLAIM_TEMPLATES = [
    "{host} has started accepting {guest}, the company said on {day}.",
    "{host} will open its platform to {guest} from next month, according to people familiar with the plan.",
    "{host} is testing support for {guest} with a small group of users in {city}.",
    "{regulator} told {host} to stop blocking {guest} by the end of the year.",
    "{host} declined to say when it would allow {guest}.",
    "{host} still does not let users pay with {guest}, and it has no plans to change that.",
    "{host} now lets users open {guest} without leaving the app.",
    "There was no word on when {host} would bring {guest} to its main shopping apps.",
    "Under the new rules, {host} must allow {guest} on its devices sold in the bloc.",
    "{host} reversed a decision to add {guest} after complaints from merchants.",
]
CONTEXT = [
    "Regulators have spent the past year pushing the biggest platforms to tear down their walled gardens.",
    "Antitrust officials say the change will give consumers more choice and help smaller rivals compete.",
    "Critics argue that the rules on interoperability are vague and that compliance will be slow.",
    "The company faces a separate competition probe over how it ranks its own services in search results.",
    "Developers have long complained about the commission charged on in-app purchases.",
    "Analysts expect other platforms to follow once the first deadlines pass.",
    "The Digital Markets Act names a handful of gatekeepers that must open core services to rivals.",
    "Lawmakers in Seoul and Tokyo have passed app store laws with similar aims.",
]
IRRELEVANT = [
    "{team} beat {team2} {a}-{b} on {day}, with a late goal settling a tense match in front of a full stadium.",
    "The coach said his players had shown great character after a difficult week of training in {city}.",
    "Forecasters expect heavy rain across {city} on {day}, with temperatures dropping sharply overnight.",
    "Farmers welcomed the rain after a long dry spell, though some roads were closed by flooding.",
    "{company} reported quarterly revenue of {a} billion dollars, slightly above what analysts had expected.",
    "Net profit rose {b} percent from a year earlier, helped by strong sales in its cloud and advertising units.",
    "Shares of {company} rose {b} percent in early trading after the results were published.",
    "The new phone has a brighter screen, a bigger battery and a camera that copes well in low light.",
    "Reviewers praised the design but said the price would put off many buyers.",
    "The recipe calls for fresh tomatoes, garlic, olive oil and a handful of basil leaves.",
    "The film took {a} million dollars at the box office in its first weekend.",
    "Tickets for the concert in {city} sold out within minutes of going on sale.",
]
TEAMS = ["Rovers", "United", "City", "Athletic", "Wanderers", "Albion"]
CITIES = ["Hangzhou", "Shenzhen", "Seoul", "Tokyo", "Brussels", "Dublin", "Austin", "Lyon"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
COMPANIES = ["Tencent", "Alibaba", "Apple", "Samsung", "Sony", "Baidu", "Meituan"]


def _fill(t: str, r: random.Random) -> str:
    return t.format(host=r.choice(HOSTS), guest=r.choice(GUESTS), regulator=r.choice(REGULATORS),
                    day=r.choice(DAYS), city=r.choice(CITIES), team=r.choice(TEAMS), team2=r.choice(TEAMS),
                    company=r.choice(COMPANIES), a=r.randint(1, 90), b=r.randint(1, 30))


def relevant_article(i: int, r: random.Random) -> ArticleText:
    paras = []
    for _ in range(r.randint(5, 8)):
        sents = [_fill(r.choice(CLAIM_TEMPLATES), r)] + [_fill(r.choice(CONTEXT), r) for _ in range(r.randint(2, 4))]
        r.shuffle(sents)
        paras.append(" ".join(sents))
    title = _fill(r.choice(CLAIM_TEMPLATES), r).rstrip(".")
    return ArticleText(f"rel-{i}", title, "\n\n".join(paras))


def irrelevant_article(i: int, r: random.Random) -> ArticleText:
    paras = [" ".join(_fill(r.choice(IRRELEVANT), r) for _ in range(r.randint(3, 5))) for _ in range(r.randint(5, 8))]
    return ArticleText(f"irr-{i}", _fill(r.choice(IRRELEVANT), r)[:60], "\n\n".join(paras))


def stream(n: int, relevant_share: float, seed: int = 7) -> Iterator[ArticleText]:
    """`n` articles, generated one at a time; `relevant_share` of them about platform regulation."""
    r = random.Random(seed)
    for i in range(n):
        yield relevant_article(i, r) if r.random() < relevant_share else irrelevant_article(i, r)
