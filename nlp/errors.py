"""Errors the nlp package raises."""


class NlpError(Exception):
    """Base of the nlp package's errors."""


class KnowledgeBaseError(NlpError):
    """The knowledge base files are missing or invalid; the message names file, entity and key."""


class ModelNotFoundError(NlpError):
    """No spaCy base model could be loaded."""


class CueError(NlpError):
    """A cue or pattern data file is missing or invalid; the message names file and cue."""


class UnanalysableText(NlpError):
    """An article's text cannot be analysed (empty, binary, not English); the message says why."""
