"""publish: proactive disclosure — publication items, their review trail, the year's figures."""

from gongkai.publish.model import (
    CHANNELS,
    KINDS,
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    ReviewEntry,
)
from gongkai.publish.stats import YearFigures, three_synchronous, year_figures
from gongkai.publish.workflow import (
    Workflow,
    WorkflowError,
    correct,
    decide,
    next_step,
    publish,
    record_published,
    returned_comment,
    submit,
)

__all__ = [
    "CHANNELS", "KINDS", "SECRECY_CHECKLIST", "Attribute", "Decision", "PublicationItem",
    "ReviewEntry", "Workflow", "WorkflowError", "YearFigures", "correct", "decide", "next_step",
    "publish", "record_published", "returned_comment", "submit", "three_synchronous",
    "year_figures",
]
