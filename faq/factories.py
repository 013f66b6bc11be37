import factory

from faq.models import FAQ, FAQPage
from review.factories import MedicalPageFactory, MedicalSnippetFactory


class FAQFactory(MedicalSnippetFactory):
    question = factory.Sequence(lambda n: f"Common question {n}?")
    answer = "<p>A short, plain-English answer.</p>"

    class Meta:
        model = FAQ
        django_get_or_create = ["question"]


class FAQPageFactory(MedicalPageFactory):
    title = "Frequently asked questions"
    slug = "faqs"
    intro = "<p>Answers to the questions patients ask us most.</p>"
    faqs = factory.LazyFunction(
        lambda: [
            {
                "type": "faq",
                "value": {
                    "question": "Do I need a referral?",
                    "answer": "<p>No, you can book directly.</p>",
                },
            }
        ]
    )

    class Meta:
        model = FAQPage
