from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from faq.models import FAQ


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "FAQ library"
    menu_order = 205
    add_to_admin_menu = True
    list_display = ["question", "live"]
    list_filter = ["live"]
    search_fields = ["question"]


register_snippet(FAQViewSet)
