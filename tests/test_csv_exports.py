"""CSV exports cannot carry formulas: a cell a writer or clinician typed that starts with
=, +, -, @, a tab or a carriage return comes out as text, in every CSV export of the admin
(ours and Wagtail's), fetched through the real export URLs by users allowed to export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from articles.factories import ArticlePageFactory
from cms.exports import neutralise_cell, neutralised_csv
from cms.factories import ClinicianFactory
from review.gate import request_changes

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
COMMENTS = ["@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "+1", "\tleading tab", "\rleading return"]


def exported_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body, newline="")))


@pytest.fixture
def hostile_draft(article_index, writer):
    page = ArticlePageFactory(parent=article_index, title=HYPERLINK)
    page.save_revision(user=writer, log_action=True)
    return page


def test_the_review_status_export_neutralises_a_formula_title(client, editor, hostile_draft):
    client.force_login(editor)

    rows = exported_rows(client.get(reverse("lifecycle_review_status"), {"export": "csv"}))

    titles = [row[0] for row in rows[1:]]
    assert "'" + HYPERLINK in titles
    assert HYPERLINK not in titles


def test_the_review_status_xlsx_holds_the_title_as_text(client, editor, hostile_draft):
    client.force_login(editor)

    response = client.get(reverse("lifecycle_review_status"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    hostile = [cell for cell in cells if cell.value == HYPERLINK]
    assert len(hostile) == 1 and hostile[0].data_type == "s"  # a string, not a formula


def test_the_review_records_export_neutralises_clinicians_comments(client, doctor, article_index):
    page = ArticlePageFactory(parent=article_index, title="Iron")
    for number, comment in enumerate(COMMENTS):
        other = ClinicianFactory(gmc_number=f"700000{number}")
        request_changes(page.get_latest_revision(), other.user, comment)
    client.force_login(doctor)

    rows = exported_rows(client.get(reverse("cms_review_records"), {"export": "csv"}))

    comments = {row[-1] for row in rows[1:] if row[3] == "Changes requested"}
    assert comments == {"'" + comment for comment in COMMENTS}


def test_wagtails_own_site_history_export_is_neutralised(client, editor, hostile_draft):
    client.force_login(editor)

    rows = exported_rows(
        client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    )

    labels = [row[1] for row in rows[1:]]
    assert "'" + HYPERLINK in labels
    assert HYPERLINK not in labels


def test_a_writer_is_still_refused_the_export(client, writer, hostile_draft):
    client.force_login(writer)

    response = client.get(reverse("lifecycle_review_status"), {"export": "csv"})

    assert response.status_code in (302, 403)
    assert HYPERLINK.encode() not in b"".join(getattr(response, "streaming_content", [b""]))


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "'=1"),
        ("Iron and tiredness", "Iron and tiredness"),
        ("1+1=2", "1+1=2"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_which_cells_are_neutralised(cell, safe):
    assert neutralise_cell(cell) == safe


def test_rows_are_read_whole_however_the_response_is_chunked():
    """A quoted cell may hold a line break, and a chunk may end inside a character."""
    original = 'Title,Comment\r\n"=a\r\nb","Café -ok"\r\nplain,"x,y"\r\n'.encode()
    chunks = [original[i : i + 3] for i in range(0, len(original), 3)]

    rewritten = b"".join(neutralised_csv(chunks)).decode()

    assert list(csv.reader(io.StringIO(rewritten, newline=""))) == [
        ["Title", "Comment"],
        ["'=a\r\nb", "Café -ok"],
        ["plain", "x,y"],
    ]
