from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage", "faq.FAQPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from articles.models import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-first_published_at")[:5]
        )
        return context
