import factory
from factory.django import DjangoModelFactory

from .models import Event, WebhookDelivery, WebhookEndpoint


class WebhookEndpointFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Frontend {n}")
    url = factory.Sequence(lambda n: f"https://frontend{n}.example/webhooks/")
    events = factory.LazyFunction(lambda: list(Event.values))
    is_active = True

    class Meta:
        model = WebhookEndpoint


class WebhookDeliveryFactory(DjangoModelFactory):
    endpoint = factory.SubFactory(WebhookEndpointFactory)
    event = Event.PAGE_PUBLISHED
    payload = factory.LazyAttribute(
        lambda o: {
            "event": o.event,
            "page": {
                "id": 1,
                "type": "articles.ArticlePage",
                "title": "A page",
                "url_path": "/home/a-page/",
                "revision": 1,
            },
            "timestamp": "2026-01-01T00:00:00Z",
        }
    )

    class Meta:
        model = WebhookDelivery
