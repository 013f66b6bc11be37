"""Build the demo site from the shared factories. Idempotent: a second run finds what the
first made and changes nothing, so `make run` can call it every time."""

import datetime
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, body_from_outline
from articles.models import ArticleAuthor, ArticlePage, ArticleReference
from cms import roles
from cms.factories import (
    ClinicianFactory,
    DisclaimerFactory,
    ImageFactory,
    ReferenceFactory,
    TopicFactory,
    WriterProfileFactory,
)
from cms.models import Clinician, Topic
from faq.factories import FAQFactory, FAQPageFactory
from home import demo_content
from home.models import ClinicSettings
from home.site_tree import ensure_home_page

# One demo user per group: (username, group, first name, last name).
DEMO_USERS = [
    ("writer", roles.WRITERS, "Sam", "Okafor"),
    ("doctor", roles.MEDICAL_REVIEWERS, "Amelia", "Hart"),
    ("editor", roles.EDITORS, "Jordan", "Reyes"),
]


DEMO_GMC_NUMBER = "7012345"


class Command(BaseCommand):
    help = "Load the demo site: page tree, clinic settings, groups, users and articles."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.site_root()
            groups = roles.ensure_groups(home)
            passwords = self.users(groups)
            self.content(home)
        for username, password in passwords:
            self.stdout.write(f"Created user {username!r} with password {password!r}")
        self.stdout.write(self.style.SUCCESS("Demo content is ready at http://127.0.0.1:8000/"))

    def site_root(self):
        home = ensure_home_page(demo_content.CLINIC["name"])
        site = home.get_site()
        settings = ClinicSettings.for_site(site)
        for field, value in demo_content.CLINIC.items():
            setattr(settings, field, value)
        settings.save()
        return home

    def users(self, groups):
        """Create the demo users once. Passwords come from DEMO_PASSWORD, or are generated
        and printed on creation only, so a re-run never resets a password someone uses."""
        User = get_user_model()
        created = []
        for username, group, first_name, last_name in DEMO_USERS:
            user, is_new = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@clinic.example",
                },
            )
            if is_new:
                password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                created.append((username, password))
            user.groups.add(groups[group])
        WriterProfileFactory(
            name="Sam Okafor",
            role="Health writer",
            credentials="MSc",
            user=User.objects.get(username="writer"),
        )
        ClinicianFactory(
            user=User.objects.get(username="doctor"),
            name="Dr Amelia Hart",
            gmc_number=DEMO_GMC_NUMBER,
            specialty="General practice",
        )
        return created

    def content(self, home):
        for name, slug, description in demo_content.TOPICS:
            TopicFactory(name=name, slug=slug, description=description)
        references = {
            key: ReferenceFactory(**fields) for key, fields in demo_content.REFERENCES.items()
        }
        for disclaimer in demo_content.DISCLAIMERS:
            DisclaimerFactory(**disclaimer)
        shared_faqs = [FAQFactory(question=q, answer=a) for q, a in demo_content.SHARED_FAQS]

        index = ArticleIndexPageFactory(parent=home)
        if not index.live:
            index.save_revision().publish()
        doctor = Clinician.objects.get(gmc_number=DEMO_GMC_NUMBER)
        self.article(index, demo_content.IRON_ARTICLE, references, published=True, doctor=doctor)
        self.article(index, demo_content.B12_ARTICLE, references, published=False)

        if not home.get_children().type(FAQPageFactory._meta.model).exists():
            FAQPageFactory(
                parent=home,
                published=True,
                faqs=[{"type": "shared_faq", "value": faq.pk} for faq in shared_faqs],
                reviewed_by=doctor,
                last_reviewed=datetime.date.today(),
                next_review_due=datetime.date.today() + datetime.timedelta(days=365),
            )

    def article(self, index, content, references, published, doctor=None):
        if ArticlePage.objects.filter(slug=content["slug"]).exists():
            return
        writer = WriterProfileFactory(name="Sam Okafor")
        review = {}
        if published:
            review = {
                "reviewed_by": doctor,
                "last_reviewed": datetime.date.today(),
                "next_review_due": datetime.date.today() + datetime.timedelta(days=365),
            }
        ArticlePageFactory(
            parent=index,
            title=content["title"],
            slug=content["slug"],
            summary=content["summary"],
            hero_image=ImageFactory(title=content["title"]),
            hero_image_alt="An illustration in the clinic's colours",
            topics=list(Topic.objects.filter(slug__in=content["topics"])),
            body=body_from_outline(content["body"]),
            authors=[ArticleAuthor(author=writer)],
            references=[ArticleReference(reference=references[k]) for k in content["references"]],
            published=published,
            **review,
        )
