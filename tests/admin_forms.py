"""POST data for the Wagtail editor, in the shape its forms submit, so tests drive the real
admin views rather than the models underneath them."""

from wagtail import blocks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def list_items(items):
    return {
        "count": str(len(items)),
        **{
            str(i): {
                "type": "item",
                "value": {"title": title, "text": rich_text(text)},
                "deleted": "",
                "order": str(i),
            }
            for i, (title, text) in enumerate(items)
        },
    }


def article_form_data(
    title="Iron and tiredness",
    summary="Why low iron can leave you tired.",
    author=None,
    references=(),
    disclaimers=(),
    **extra,
):
    data = {
        "title": title,
        "slug": extra.pop("slug", "iron-and-tiredness"),
        "summary": summary,
        "hero_image": extra.pop("hero_image", ""),
        "hero_image_alt": extra.pop("hero_image_alt", ""),
        "authors": inline_formset([{"author": str(author.pk)}] if author else [], min=1),
        "body": streamfield(
            [
                ("heading", {"text": "What iron does", "level": "h2"}),
                ("paragraph", rich_text("<p>Iron helps blood carry oxygen.</p>")),
                ("numbered_list", list_items([("Oxygen", "<p>Carried by haemoglobin.</p>")])),
                (
                    "faq_section",
                    {
                        "heading": "Frequently asked questions",
                        "items": streamfield(
                            [
                                (
                                    "faq",
                                    {
                                        "question": "Is it safe?",
                                        "answer": rich_text("<p>Usually, under supervision.</p>"),
                                    },
                                )
                            ]
                        ),
                    },
                ),
            ]
        ),
        "references": inline_formset([{"reference": str(r.pk)} for r in references]),
        "disclaimers": inline_formset([{"disclaimer": str(d.pk)} for d in disclaimers]),
        "review_interval_months": "",
    }
    data.update(extra)
    return nested_form_data(data)


def block_form_data(block, value):
    """The editor's form data for one StreamField block value, the inverse of what the
    block widgets read back."""
    if isinstance(block, blocks.BaseStreamBlock):
        data = {
            str(i): {
                "type": child.block_type,
                "value": block_form_data(child.block, child.value),
                "deleted": "",
                "order": str(i),
                "id": child.id or "",
            }
            for i, child in enumerate(value)
        }
        return {**data, "count": str(len(value))}
    if isinstance(block, blocks.ListBlock):
        data = {
            str(i): {
                "value": block_form_data(block.child_block, child.value),
                "deleted": "",
                "order": str(i),
                "id": child.id or "",
            }
            for i, child in enumerate(value.bound_blocks)
        }
        return {**data, "count": str(len(value))}
    if isinstance(block, blocks.BaseStructBlock):
        return {
            name: block_form_data(child, value[name]) for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source)
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    return "" if value is None else str(value)


def children(rows, field, **kwargs):
    """An inline formset that edits the existing child rows (by id) rather than adding
    copies of them."""
    rows = list(rows)
    items = [{"id": str(row.pk or ""), field: str(getattr(row, f"{field}_id"))} for row in rows]
    return inline_formset(items, initial=sum(1 for row in rows if row.pk), **kwargs)


def article_edit_data(page, **extra):
    """What the editor posts for this ArticlePage as it stands: saving it unchanged must
    leave its medical content (and so its content hash) unchanged."""

    def optional(value):
        return "" if value is None else str(value)

    data = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "summary": page.summary,
        "hero_image": optional(page.hero_image_id),
        "hero_image_alt": page.hero_image_alt,
        "go_live_at": optional(page.go_live_at),
        "expire_at": optional(page.expire_at),
        "review_interval_months": optional(page.review_interval_months),
        "authors": children(page.authors.all(), "author", min=1),
        "body": block_form_data(page.body.stream_block, page.body),
        "references": children(page.references.all(), "reference"),
        "disclaimers": children(page.disclaimers.all(), "disclaimer"),
    }
    data = nested_form_data(data)
    data["topics"] = [str(t.pk) for t in page.topics.all()]
    data.update(extra)
    return data


def approval_data(obj, comment=""):
    """What the review modal posts to approve: the revision it showed, and the clinician's
    confirmation that they reviewed it."""
    obj.refresh_from_db()
    return {"comment": comment, "revision_id": str(obj.latest_revision_id), "confirm": "on"}


def approval_kwargs(obj, comment=""):
    """``approval_data`` as the form's cleaned data, for calls to the task's ``on_action``."""
    obj.refresh_from_db()
    return {"comment": comment, "revision_id": obj.latest_revision_id, "confirm": True}


def approval_modal(client, page):
    """The review modal's HTML for Approve, as the signed-in clinician opens it."""
    from django.urls import reverse

    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.get(url).json()["html"]
