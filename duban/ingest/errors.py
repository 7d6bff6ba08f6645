"""The two ways reading a document can fail, each with the exit code `duban parse` gives it."""


class IngestError(Exception):
    """Base of every error a document can cause; the message is shown to the user as is."""

    exit_code = 2


class UnreadableDocument(IngestError):
    """The file is missing, empty, binary, damaged or of a format no reader handles."""

    exit_code = 2


class NoTasksFound(IngestError):
    """The file was read but holds no task table or numbered task list."""

    exit_code = 3
