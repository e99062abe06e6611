"""Errors the nlp package raises."""


class NlpError(Exception):
    """Base of the nlp package's errors."""


class KnowledgeBaseError(NlpError):
    """The knowledge base files are missing or invalid; the message names file, entity and key."""


class ModelNotFoundError(NlpError):
    """No spaCy base model could be loaded."""
