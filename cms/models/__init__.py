from .disclaimers import Disclaimer, DisclaimerRule, PageDisclaimer, required_disclaimers
from .medical import MedicalPageMixin, MedicalSnippet
from .people import Clinician, WriterProfile
from .references import PageReference, Reference
from .taxonomy import Topic

__all__ = [
    "Clinician",
    "Disclaimer",
    "DisclaimerRule",
    "MedicalPageMixin",
    "MedicalSnippet",
    "PageDisclaimer",
    "PageReference",
    "Reference",
    "Topic",
    "WriterProfile",
    "required_disclaimers",
]
