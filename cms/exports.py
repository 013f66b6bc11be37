"""Spreadsheet exports: no cell of a CSV the admin sends can run as a formula.

A page title such as ``=HYPERLINK("http://x","y")``, written by anyone who can draft,
would otherwise become a live formula in the spreadsheet of whoever opens the export.
Every CSV export in the admin (the medical reports and Wagtail's own: site history,
workflows, locked and aging pages, form submissions, any listing with ``list_export``)
passes through ``CSVFormulaMiddleware``, which prefixes a single quote to each cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's advice), so
spreadsheet programs show it as text. One place, whichever view wrote the CSV. XLSX
exports need nothing: Wagtail writes every cell that looks like a formula as a string.
"""

import codecs
import csv

from django.urls import reverse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPES = {"text/csv", "application/csv"}


def neutralise_cell(value):
    """The cell as text a spreadsheet will not evaluate. Idempotent: a neutralised cell
    starts with a quote, which is left alone."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Line:
    """What csv.writer writes to: hands back the line instead of storing it."""

    def write(self, value):
        return value


def _text_lines(chunks, charset):
    """The CSV's text, line by line (each with its line ending), from the response's
    chunks, however they split it."""
    decoder = codecs.getincrementaldecoder(charset)()
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def neutralised_csv(chunks, charset="utf-8"):
    """Re-write a CSV, row by row, with every cell neutralised. Rows that span lines
    (a quoted cell with a line break) are read whole, as csv.reader does."""
    writer = csv.writer(_Line())
    for row in csv.reader(_text_lines(chunks, charset)):
        yield writer.writerow([neutralise_cell(cell) for cell in row]).encode(charset)


class CSVFormulaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in CSV_CONTENT_TYPES or not request.path.startswith(self.admin_prefix):
            return response
        charset = response.charset or "utf-8"
        if response.streaming:
            response.streaming_content = neutralised_csv(response.streaming_content, charset)
        else:
            response.content = b"".join(neutralised_csv([response.content], charset))
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
