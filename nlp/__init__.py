"""spaCy pipeline: article text -> entities, mentions, claims, relevance.

Knows nothing of Scrapy or SQLite. Public interface:

    load_nlp(options: NlpOptions) -> spacy.Language
    analyse(nlp, articles: Iterable[ArticleText], batch_size=32) -> Iterator[Extraction]
    extraction_to_json(extraction) -> dict   # the scorer's JSON Lines object

Errors: NlpError and its subclasses (ModelNotFoundError, KnowledgeBaseError, CueError);
an article that cannot be analysed gives Extraction(error=...) instead of raising.
"""

from nlp.analyse import analyse
from nlp.errors import CueError, KnowledgeBaseError, ModelNotFoundError, NlpError, UnanalysableText
from nlp.options import NlpOptions
from nlp.pipeline import load_nlp
from nlp.records import ArticleText, Claim, EntityRef, Extraction, Mention
from nlp.serialize import extraction_to_json

__all__ = [
    "ArticleText", "Claim", "CueError", "EntityRef", "Extraction", "KnowledgeBaseError", "Mention",
    "ModelNotFoundError", "NlpError", "NlpOptions", "UnanalysableText", "analyse", "extraction_to_json", "load_nlp",
]
