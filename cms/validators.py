"""Validators for identifiers a clinician or writer types by hand. Each message says what a
valid value looks like, so a writer can fix the field without asking anyone."""

from django.core.validators import RegexValidator

validate_doi = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    "Enter a DOI such as 10.1186/s12916-017-0922-5 (it starts with “10.”, no “https://doi.org/”).",
    code="invalid_doi",
)

validate_pmid = RegexValidator(
    r"^\d{1,8}$",
    "Enter a PubMed ID of 1 to 8 digits, such as 24891853.",
    code="invalid_pmid",
)

validate_gmc_number = RegexValidator(
    r"^\d{7}$",
    "A GMC reference number is exactly 7 digits, such as 1234567.",
    code="invalid_gmc_number",
)
