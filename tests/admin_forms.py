"""POST data for the Wagtail editor, in the shape its forms submit, so tests drive the real
admin views rather than the models underneath them."""

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
