from .clinic import ClinicSettings
from .content_version import ContentVersion
from .disclaimers import (
    Disclaimer,
    DisclaimerRule,
    PageDisclaimer,
    required_disclaimers,
    rule_candidates,
)
from .medical import MedicalSnippet
from .people import Clinician, WriterProfile
from .preview import PreviewToken
from .references import PageReference, Reference
from .taxonomy import Topic, pages_about

__all__ = [
    "ClinicSettings",
    "Clinician",
    "ContentVersion",
    "Disclaimer",
    "DisclaimerRule",
    "MedicalSnippet",
    "PageDisclaimer",
    "PageReference",
    "PreviewToken",
    "Reference",
    "Topic",
    "WriterProfile",
    "pages_about",
    "required_disclaimers",
    "rule_candidates",
]
