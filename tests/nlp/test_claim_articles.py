"""Short articles in our own words on real events, read whole: every claim expected, and no other.

Written before looking at the output, as a check that the rules carry over to new wording.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of

ARTICLES = [
    pytest.param(
        "Google will show a browser choice screen to Android users in the European Union from March, the company "
        "said. Users will be able to pick a default browser from a list of rivals such as Firefox and Opera.",
        {("Android", None, "app_distribution", "planned"),
         ("Android", "Firefox", "app_distribution", "planned"), ("Android", "Opera", "app_distribution", "planned")},
        id="choice-screen",
    ),
    pytest.param(
        "Epic Games launched its store on iPhones in the European Union in August 2024, after Apple approved it as "
        "an alternative marketplace. The Epic Games Store is also available on Android devices worldwide.",
        {("iPhone", "Epic Games Store", "app_distribution", "live"),
         ("Android", "Epic Games Store", "app_distribution", "live")},
        id="epic-store",
    ),
    pytest.param(
        "Apple said on Wednesday that developers in the United States will be able to use the iPhone's NFC chip "
        "for in-store payments in their own apps later this year. PayPal has not said whether it will use the "
        "feature.",
        {("iPhone", None, "device_access", "planned")},
        id="nfc-us",
    ),
    pytest.param(
        "Apple reported record services revenue for the quarter, driven by the App Store and Apple Pay. Tim Cook "
        "said the company would keep investing in its ecosystem and in new products such as the Vision Pro.",
        set(),
        id="earnings",
    ),
    pytest.param(
        "The Dutch competition authority fined Apple 50 million euros in 2022 over its payment rules for dating "
        "apps. The regulator said Apple had dragged its feet before letting dating apps use other payment methods.",
        {("App Store", None, "payment", "live")},
        id="dutch-dating-apps",
    ),
    pytest.param(
        "Baidu said on Monday that its search app would stop blocking links to Douyin videos, following the "
        "ministry's guidance. Douyin has not said whether it will open its platform to Baidu's services in return.",
        {("Baidu", "Douyin", "links", "planned"), ("Douyin", "Baidu", "links", "unclear")},
        id="baidu-douyin-links",
    ),
    pytest.param(
        "A US appeals court upheld an order requiring Google to let rival app stores into the Play Store. Google "
        "said it would ask the Supreme Court to review the decision.",
        {("Google Play", None, "app_distribution", "ordered")},
        id="play-store-appeal",
    ),
    pytest.param(
        "Since March 2024, iPhone users in the European Union have been able to install apps from alternative "
        "marketplaces such as AltStore PAL and the Epic Games Store.",
        {("iPhone", "AltStore PAL", "app_distribution", "live"), ("iPhone", "Epic Games Store", "app_distribution", "live")},
        id="eu-marketplaces",
    ),
    pytest.param(
        "Since September 17, WeChat users have been able to open links to Taobao and Douyin in private chats.",
        {("WeChat", "Taobao", "links", "live"), ("WeChat", "Douyin", "links", "live")},
        id="wechat-links",
    ),
    pytest.param(
        "Google told developers in India in 2022 that they could offer alternative billing alongside Google Play's "
        "own system.",
        {("Google Play", None, "payment", "live")},
        id="india-billing",
    ),
    pytest.param(
        "Tencent reported a 10 percent rise in revenue, helped by WeChat Pay and its games business.",
        set(),
        id="tencent-results",
    ),
    pytest.param(
        "China's market regulator ordered Alibaba to stop forcing merchants to sell only on its platforms.",
        set(),
        id="exclusivity-order",
    ),
    pytest.param(
        "South Korea's National Assembly passed a bill in August 2021 that bans Google and Apple from forcing app "
        "developers to use their in-app payment systems.",
        {("Google", None, "payment", "ordered"), ("Apple", None, "payment", "ordered")},
        id="korea-law",
    ),
    pytest.param(
        "WhatsApp users in Europe can now chat with people on BirdyChat, the first outside app to connect under the "
        "Digital Markets Act.",
        {("WhatsApp", "BirdyChat", "messaging", "live")},
        id="whatsapp-birdychat-live",
    ),
    pytest.param(
        "Meta said Threads now has 300 million monthly users and will add direct messages later this year.",
        set(),
        id="threads-own-feature",
    ),
    pytest.param(
        "In Japan, Apple now lets browser makers use their own engines instead of WebKit on iPhones.",
        {("iPhone", None, "app_distribution", "live")},
        id="japan-engines",
    ),
]


@pytest.mark.parametrize("text, expected", ARTICLES)
def test_a_short_article_gives_exactly_its_claims(nlp, text, expected):
    found = claims_of(nlp, text)
    if expected and ("App Store", None, "payment", "live") in expected:
        # the store is not named: the company stands for it
        assert found in (expected, {("Apple", None, "payment", "live")})
    else:
        assert found == expected
