"""Build whole report documents (text dumps, HTML, DOCX, PDF) from an interchange report.

Every builder takes the interchange dict of `gongkai.synth.random_report` and the section
texts of `gongkai.synth.random_sections`.
"""

from tests.builders.common import Contact, contact, statistics_period, title
from tests.builders.docxfile import docx_file
from tests.builders.figures import FAULT_KINDS, Fault
from tests.builders.grid import Grid, GridCell, table_grid
from tests.builders.htmlpage import html_page
from tests.builders.pdf import SofficeMissing, pdf_files
from tests.builders.textdump import LAYOUTS, text_dump

__all__ = [
    "FAULT_KINDS",
    "LAYOUTS",
    "Contact",
    "Fault",
    "Grid",
    "GridCell",
    "SofficeMissing",
    "contact",
    "docx_file",
    "html_page",
    "pdf_files",
    "statistics_period",
    "table_grid",
    "text_dump",
    "title",
]
