import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    intro = "<p>Health information from our doctors.</p>"

    class Meta:
        model = HomePage
        django_get_or_create = ["slug", "parent"]
