"""crawler.boilerplate: furniture lines filtered from extracted text."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_lines, is_boilerplate_line, is_dateline


@pytest.mark.parametrize("line", [
    "[ad_1]", "[ad_2]", "[AD]", "Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
    "Read more: Why Europe's chat apps still cannot talk to each other",
    "READ MORE: China plague outbreak confirmed",
    "Read more about China from CNBC Pro",
    "See also: the rules in full", "Related: The 15 biggest fines in competition law",
    "Related Coverage: Apple opens NFC", "Related stories", "You may also like...", "DON'T MISS",
    "Most read in world news", "More from The Ledger Post", "Recommended for you",
    "[Related: App stores under pressure]",
    "Sign up for our Tech Briefing newsletter",
    "Get the day's top headlines delivered to your inbox every morning by subscribing to our newsletter.",
    "Thanks for signing up!", "Already a subscriber? Sign in",
    "CLICK HERE TO GET THE FOX NEWS APP", "Click here to read the full report.",
    "Share", "Share this article", "Share | Tweet | Email", "Facebook Twitter LinkedIn".replace(" ", " | "),
    "Like this story? Share it with a friend!",
    "Follow us on Twitter for the latest platform news",
    "Follow The Ledger Post on Facebook, Twitter and Instagram.",
    "NurPhoto | NurPhoto | Getty Images", "Photo: Jan Visser/AFP", "Photograph: Reuters",
    "Image copyright Getty Images", "Image caption The chief executive at the launch",
    "Jan Visser / Reuters", "Getty Images", "Photo by Ana Lopez", "© Example Press Agency",
    "5 min read", "Reading time: 3 minutes", "Tempo de leitura: 1 minuto",
    "Updated at 1:23 p.m.", "Last updated 14 March 2024", "Filed under: Payments",
    "Tags: payments, messaging",
    "Reporting by Ana Lopez; Editing by Tom Baird", "(Reporting by Ana Lopez)",
    "Keith Fall contributed reporting from Hong Kong.", "Fox News' Jane Roe contributed to this report.",
    "© 2024 Associated Press. All Rights Reserved.", "Copyright 2024 The Ledger Post",
    "Write to Ana Lopez at ana.lopez@example.com", "ana.lopez@example.com",
    "Email Tariq at tariq@example.com or follow him @tariq.",
    "Amy may be reached at amy@example.com. Follow her on Twitter.",
    "More AP coverage: https://apnews.example/hub", "Order Reprints", "Print Article",
    "责任编辑：王芳", "Explore further", "Skip to content", "Back to top",
    "- Share", "• Advertisement", "Source link", "(Photo by Ana Lopez/AFP via Getty Images)",
    "This article originally appeared on Example Wire.",
])
def test_furniture_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "Alibaba said it was waiting for Tencent to approve WeChat Pay.",
    "Regulatory crackdown",
    "Read the full statement on the commission's website, the spokeswoman said, adding that talks continue.",
    "The company shared its plans with regulators on Monday.",
    "Follow-up talks are planned for the spring, when the regulator will publish its findings.",
    "Photos of the new store were published by the company on Tuesday, showing long queues.",
    "Reuters reported the deal on Monday, citing two people familiar with the matter.",
    "Apple said its advertising business would not be affected.",
    "Updated rules will apply to all gatekeepers from March, the commission said in a statement published today.",
    "The ad tech case is the largest the authority has brought.",
    "More than 40 million people use the service every month.",
    "Related party transactions were not disclosed in the filing, auditors said.",
    "Share prices rose 3% after the announcement.",
    "| Country | Fine | Year |",
    "- GPS",
    "Email remains the most common way to reach customers, the survey found.",
    "Copyright law was not part of the complaint.",
    "Tags and categories on the platform are chosen by sellers.",
])
def test_article_lines_are_not_furniture(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(("line", "dateline"), [
    ("November 20, 2019 - 11:28 AMT", True),
    ("5:45 AM PST 11/19/2019 by Patrick Shanley", True),
    ("sexta-feira, 22 de outubro de 2010 às 20:13", True),
    ("14 March 2024, 08:30 CET", True),
    ("Mittwoch, 6. März 2024 um 10:15 Uhr", True),
    ("2024-03-14", True),
    ("On 14 March 2024 the regulator opened an inquiry into the wallet.", False),
    ("March Madness", False),
    ("The deal closed in 2019 after two years of talks between the companies.", False),
])
def test_datelines(line, dateline):
    assert is_dateline(line) is dateline


def test_clean_lines_drops_headline_repeat_kicker_and_edges():
    lines = ["Technology", "Harbour Pay opens its wallet", "14 March 2024, 08:30",
             "Harbour Pay will let customers send money from two rival chat apps.",
             "Advertisement", "The regulator declined to comment.", "Share | Tweet", "15 March 2024"]
    assert clean_lines(lines, ("Harbour Pay opens its wallet | The Ledger Post", "Harbour Pay opens its wallet")) == [
        "Harbour Pay will let customers send money from two rival chat apps.", "The regulator declined to comment."]


def test_clean_lines_keeps_a_first_line_that_only_resembles_the_title():
    lines = ["Harbour Pay opens its wallet to rival chat apps from April, the company said on Thursday.", "More."]
    assert clean_lines(lines, ("Harbour Pay opens its wallet",))[0] == lines[0]


def test_clean_lines_drops_menu_runs_but_keeps_lists_and_short_headings():
    menu = ["Home", "News", "Sport", "Business", "Culture", "Travel"]
    body = ["The authority published its decision on Monday.", "What changes", "- GPS", "- NFC", "- Bluetooth",
            "- Wi-Fi", "- Camera", "- Battery", "The appeal window is two months."]
    assert clean_lines(menu + body) == body


def test_clean_lines_drops_runs_of_link_headlines_but_not_a_single_linked_quote():
    links = frozenset({"dockside passes ten million users in the netherlands",
                       "dutch watchdog opens inquiry into harbour group wallet",
                       "every online business exists in its own time and space"})
    lines = ["Harbour Pay will let customers pay from rival chat apps.",
             "Every online business exists in its own time and space. Click To Tweet",
             "The regulator declined to comment.",
             "- Dockside passes ten million users in the Netherlands",
             "- Dutch watchdog opens inquiry into Harbour Group wallet"]
    assert clean_lines(lines, (), links) == lines[:3]


def test_clean_lines_drops_consecutive_duplicates():
    assert clean_lines(["One paragraph here.", "One paragraph here.", "Two."]) == ["One paragraph here.", "Two."]
