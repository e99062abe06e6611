"""spaCy pipeline: article text -> entities, mentions, claims, relevance.

Knows nothing of Scrapy or SQLite. Public interface:

    load_nlp(options: NlpOptions) -> spacy.Language
    analyse(nlp, articles: Iterable[ArticleText], batch_size=32) -> Iterator[Extraction]
    extraction_to_json(extraction) -> dict   # the scorer's JSON Lines object

Errors: NlpError and its subclasses (ModelNotFoundError, KnowledgeBaseError, CueError);
an article that cannot be analysed (empty, binary, not English) gives Extraction(error=...)
instead of raising, and the batch goes on.

How an article is read (details in each module):
- screening.py: empty / binary / non-English texts refused; control characters blanked one for
  one (offsets stay valid); texts over NlpOptions.max_chars cut and flagged in `warnings`.
- relevance.py: a keyword score on raw title + text (config/cues/relevance.toml), run *before*
  the statistical model. Articles under the threshold never reach it: they get their score, the
  knowledge-base entities found by the phrase matcher alone (tokenizer + matcher) and no claims.
- components/: the base model (lemmatizer and attribute ruler removed) plus a paragraph splitter,
  the KB entity matcher (overrides the NER), the entity typer (links to KB ids, types unknown
  names by context, drops outlets, people, places) and the claim finder (claims.py, roles.py,
  status.py, kinds.py; cue lists in config/cues/).
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
