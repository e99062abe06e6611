"""spaCy pipeline: article text -> entities, mentions, claims, relevance.

Knows nothing of Scrapy or SQLite. Public interface:

    load_nlp(options: NlpOptions) -> spacy.Language
    analyse(nlp, articles: Iterable[ArticleText], batch_size=32) -> Iterator[Extraction]
    extraction_to_json(extraction) -> dict   # the scorer's JSON Lines object
"""
