"""Medical review: the gate, its records, the claims checker and the review lifecycle.
``review_status`` and ``is_overdue`` are importable from here without loading any model, so
the API and settings can use them freely."""

from .status import (
    DUE_SOON,
    NEVER_REVIEWED,
    OVERDUE,
    REVIEW_STATUSES,
    UP_TO_DATE,
    is_overdue,
    review_status,
)

__all__ = [
    "DUE_SOON",
    "NEVER_REVIEWED",
    "OVERDUE",
    "REVIEW_STATUSES",
    "UP_TO_DATE",
    "is_overdue",
    "review_status",
]
