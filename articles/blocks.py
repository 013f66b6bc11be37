from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.blocks import IdentifiedStreamBlock
from faq.blocks import FAQSectionBlock

INLINE_FEATURES = ["bold", "italic", "link", "superscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A section heading; it also becomes an entry in the page outline."
        preview_value = {"text": "How the treatment works", "level": "h2"}


class ListItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=255, help_text="Optional lead-in.")
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "list-ul"


class NumberedListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(ListItemBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        template = "blocks/numbered_list.html"
        description = "Steps or ranked points, numbered in order."
        preview_value = [
            {"title": "Book", "text": "<p>Choose a time that suits you.</p>"},
            {"title": "Attend", "text": "<p>Meet the doctor at the clinic.</p>"},
        ]


class BulletedListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(ListItemBlock(), **kwargs)

    class Meta:
        icon = "list-ul"
        template = "blocks/bulleted_list.html"
        description = "Points in no particular order."
        preview_value = [
            {"title": "", "text": "<p>Bring a list of your medicines.</p>"},
            {"title": "", "text": "<p>Arrive ten minutes early.</p>"},
        ]


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        help_text="Describe the image for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/figure.html"
        description = "An image with alternative text and an optional caption."


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("key_facts", "Key facts"), ("note", "Note"), ("warning", "Warning")],
        default="key_facts",
    )
    title = blocks.CharBlock(max_length=255)
    body = blocks.RichTextBlock(features=INLINE_FEATURES + ["ul", "ol"])

    class Meta:
        icon = "info-circle"
        label = "Callout / key facts"
        template = "blocks/callout.html"
        description = "A highlighted box for key facts or an important note."
        preview_value = {
            "style": "key_facts",
            "title": "Key facts",
            "body": "<ul><li>Appointments take about 30 minutes.</li></ul>",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A quotation with who said it."
        preview_value = {"text": "Ask us anything.", "attribution": "The clinic team"}


class CallToActionBlock(blocks.StructBlock):
    """Invites the reader to book. The booking link and phone number come from the
    clinic's settings, so one change there updates every article."""

    heading = blocks.CharBlock(max_length=255, default="Book a consultation")
    text = blocks.TextBlock()
    button_label = blocks.CharBlock(max_length=60, default="Book a consultation")

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "blocks/call_to_action.html"
        description = "Invite readers to book, using the clinic's booking link and phone."
        preview_value = {
            "heading": "Book a consultation",
            "text": "Talk to one of our doctors about whether this is right for you.",
            "button_label": "Book a consultation",
        }


class ArticleBodyBlock(IdentifiedStreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=INLINE_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph.html",
        description="A paragraph of text.",
        preview_value="<p>Iron is carried in the blood by haemoglobin.</p>",
    )
    numbered_list = NumberedListBlock()
    bulleted_list = BulletedListBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    faq_section = FAQSectionBlock()
