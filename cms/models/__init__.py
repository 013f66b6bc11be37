from .content_version import ContentVersion
from .disclaimers import (
    Disclaimer,
    DisclaimerRule,
    PageDisclaimer,
    required_disclaimers,
    rule_candidates,
)
from .medical import MedicalPageMixin, MedicalSnippet
from .people import Clinician, WriterProfile
from .preview import PreviewToken
from .references import PageReference, Reference
from .review import MedicalReviewTask, ReviewRecord
from .taxonomy import Topic, pages_about

__all__ = [
    "Clinician",
    "ContentVersion",
    "Disclaimer",
    "DisclaimerRule",
    "MedicalPageMixin",
    "MedicalReviewTask",
    "MedicalSnippet",
    "PageDisclaimer",
    "PageReference",
    "PreviewToken",
    "Reference",
    "ReviewRecord",
    "Topic",
    "WriterProfile",
    "pages_about",
    "required_disclaimers",
    "rule_candidates",
]
