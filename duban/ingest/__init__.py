"""Reading plan documents into a ParsedPlan. Pure Python: nothing here imports Django."""

from duban.ingest.errors import IngestError, NoTasksFound, UnreadableDocument
from duban.ingest.model import DocumentRef, ParsedPlan, ParseWarning, PlanMeta, Section, Target, Task
from duban.ingest.parse import parse, parse_with_document

__all__ = [
    "DocumentRef",
    "IngestError",
    "NoTasksFound",
    "ParseWarning",
    "ParsedPlan",
    "PlanMeta",
    "Section",
    "Target",
    "Task",
    "UnreadableDocument",
    "parse",
    "parse_with_document",
]
