"""``manage.py import_articles`` on hostile files: too large, nested too deeply, or a link
out of the folder being imported. Each fails with a reason of its own, before anything is
saved; the other files are imported and the command exits 1."""

import shutil

import pytest
from django.test import override_settings

from articles.models import ArticlePage
from tests.test_import_articles import SEED, SEED_TITLE, run_import, word_lists  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    """An import folder holding the seed post, which imports."""
    path = tmp_path / "posts"
    path.mkdir()
    shutil.copy(SEED, path / SEED.name)
    return path


def failed(*paths, user="writer"):
    with pytest.raises(Exception) as failure:
        run_import(*paths, user=user)
    assert failure.value.returncode == 1
    return failure.value.output


def nested_html(depth):
    return (
        "<html><body><h1>Deep thoughts on iron</h1>"
        + "<div>" * depth
        + "<p>Iron helps blood carry oxygen around the body.</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def test_a_file_over_the_size_limit_is_refused_and_the_others_import(folder, article_index, writer):
    huge = folder / "huge.html"
    paragraph = "<p>Iron helps blood carry oxygen around the body, every day.</p>\n"
    text = "<h1>Everything about iron</h1>" + paragraph * (3 * 1024 * 1024 // len(paragraph))
    huge.write_text(text.ljust(3 * 1024 * 1024))
    assert huge.stat().st_size == 3 * 1024 * 1024

    output = failed(folder)
    assert f"{huge}: the file is 3.0 MB; files over 2.0 MB are not imported (IMPORT_MAX_BYTES)" in (
        output
    )
    assert "Imported 1, skipped 0 (0 duplicate), failed 1." in output
    assert list(ArticlePage.objects.values_list("title", flat=True)) == [SEED_TITLE]


def test_a_post_too_long_to_edit_is_refused(tmp_path, article_index, writer):
    """Under the size limit, but 600 paragraphs: more than an editor or a reviewer can use."""
    long = tmp_path / "long.txt"
    long.write_text("Iron all year\n\n" + "Iron helps blood carry oxygen.\n\n" * 600)
    output = failed(long)
    assert f"{long}: “Iron all year” makes 600 blocks" in output
    assert "an article holds at most 500: split the post into several" in output
    assert not ArticlePage.objects.exists()


@override_settings(IMPORT_MAX_BYTES=1000)
def test_the_size_limit_comes_from_the_settings(article_index, writer):
    assert SEED.stat().st_size > 1000
    output = failed(SEED)
    assert "files over 0.0 MB are not imported" in output
    assert not ArticlePage.objects.exists()


def test_html_nested_too_deeply_is_refused_with_a_reason(folder, article_index, writer):
    deep = folder / "deep.html"
    deep.write_text(nested_html(10_000))

    output = failed(folder)
    assert (
        f"{deep}: the post nests elements (sections, lists, quotes) more than 100 levels" in output
    )
    assert "RecursionError" not in output and "unexpected error" not in output
    assert list(ArticlePage.objects.values_list("title", flat=True)) == [SEED_TITLE]


def test_html_nested_up_to_the_limit_imports(tmp_path, article_index, writer):
    deep = tmp_path / "deep.html"
    deep.write_text(nested_html(95))  # html, body and the divs: 97 levels
    run_import(deep)
    article = ArticlePage.objects.get()
    assert article.title == "Deep thoughts on iron"
    assert "carry oxygen" in article.body[0].value.source


def test_markdown_nested_too_deeply_is_refused_with_a_reason(tmp_path, article_index, writer):
    deep = tmp_path / "deep.md"
    deeper = tmp_path / "deeper.md"
    deep.write_text("# Deep lists\n\n" + "".join("    " * i + "- iron\n" for i in range(200)))
    deeper.write_text("# Deep lists\n\n" + "".join("    " * i + "- iron\n" for i in range(300)))
    output = failed(deep, deeper)
    assert f"{deep}: the post nests elements (sections, lists, quotes) more than 100" in output
    assert f"{deeper}: the post nests elements (lists, quotes) too deeply to import" in output
    assert "RecursionError" not in output


def test_a_link_out_of_the_folder_is_not_followed(folder, tmp_path, article_index, writer):
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "env.txt").write_text("DATABASE_PASSWORD=x\n\nThe clinic's database password.\n")
    leak = folder / "leak.txt"
    leak.symlink_to(secrets / "env.txt")
    (folder / "dotdot.txt").symlink_to("../secrets/env.txt")
    inside = folder / "same-post.txt"
    inside.symlink_to(folder / SEED.name)  # a link within the folder is followed

    output = failed(folder)
    for link in (leak, folder / "dotdot.txt"):
        assert (
            f"{link}: a link to a file outside {folder}: links out of an import folder are not "
            "followed"
        ) in output
    assert "failed 2." in output
    assert "DATABASE_PASSWORD" not in output
    assert list(ArticlePage.objects.values_list("title", flat=True)) == [SEED_TITLE]
    for page in ArticlePage.objects.all():
        assert "DATABASE_PASSWORD" not in str(page.get_latest_revision().content)


def test_a_file_named_on_the_command_line_is_read_where_it_is(tmp_path, article_index, writer):
    """Only links found inside a folder are checked: a path the operator typed is theirs."""
    link = tmp_path / "post.txt"
    link.symlink_to(SEED)
    run_import(link)
    assert ArticlePage.objects.get().title == SEED_TITLE
