from .disclaimers import Disclaimer, DisclaimerRule, PageDisclaimer, required_disclaimers
from .medical import MedicalPageMixin, MedicalSnippet
from .people import Clinician, WriterProfile
from .preview import PreviewToken
from .references import PageReference, Reference
from .review import MedicalReviewTask, ReviewRecord
from .taxonomy import Topic

__all__ = [
    "Clinician",
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
    "required_disclaimers",
]
