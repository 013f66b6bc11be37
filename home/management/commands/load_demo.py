"""Build the demo site from the shared factories. Idempotent: a second run finds what the
first made and changes nothing, so `make run` can call it every time."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, body_from_outline
from articles.models import ArticleAuthor, ArticlePage, ArticleReference
from cms import roles
from cms.factories import ClinicianFactory, ImageFactory, TopicFactory, WriterProfileFactory
from cms.models import ClinicSettings, Topic
from faq.factories import FAQFactory, FAQPageFactory
from faq.models import FAQPage
from home import demo_content
from home.site_tree import ensure_home_page
from review.factories import DisclaimerFactory, ReferenceFactory
from review.setup import ensure_medical_review_workflow

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
            self.workflow = ensure_medical_review_workflow()
            self.content(home)
            ensure_medical_review_workflow()
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
        User = get_user_model()
        self.writer = User.objects.get(username="writer")
        self.doctor = User.objects.get(username="doctor")
        for name, slug, description in demo_content.TOPICS:
            TopicFactory(name=name, slug=slug, description=description)
        references = {
            key: ReferenceFactory(**fields, approved_by=self.doctor)
            for key, fields in demo_content.REFERENCES.items()
        }
        for disclaimer in demo_content.DISCLAIMERS:
            DisclaimerFactory(**disclaimer, approved_by=self.doctor)
        shared_faqs = [
            FAQFactory(question=q, answer=a, approved_by=self.doctor)
            for q, a in demo_content.SHARED_FAQS
        ]

        index = ArticleIndexPageFactory(parent=home)
        if not index.live:
            index.save_revision().publish()
        self.article(index, demo_content.IRON_ARTICLE, references, approve=True)
        self.article(index, demo_content.B12_ARTICLE, references, approve=False)

        if not FAQPage.objects.exists():
            faq_page = FAQPageFactory(
                parent=home,
                faqs=[{"type": "shared_faq", "value": faq.pk} for faq in shared_faqs],
            )
            self.review(faq_page, approve=True)

    def article(self, index, content, references, approve):
        if ArticlePage.objects.filter(slug=content["slug"]).exists():
            return
        page = ArticlePageFactory(
            parent=index,
            title=content["title"],
            slug=content["slug"],
            summary=content["summary"],
            hero_image=ImageFactory(title=content["title"]),
            hero_image_alt="An illustration in the clinic's colours",
            topics=list(Topic.objects.filter(slug__in=content["topics"])),
            body=body_from_outline(content["body"]),
            authors=[ArticleAuthor(author=WriterProfileFactory(name="Sam Okafor"))],
            references=[ArticleReference(reference=references[k]) for k in content["references"]],
            owner=self.writer,
        )
        self.review(page, approve)

    def review(self, page, approve):
        """Send a page through medical review the way people do: the writer saves and
        submits it; for the published article, the doctor approves it."""
        page.save_revision(user=self.writer)
        workflow_state = self.workflow.start(page, self.writer)
        if approve:
            task_state = workflow_state.current_task_state
            task_state.task.specific.on_action(
                task_state,
                self.doctor,
                "approve",
                comment="Checked against the references.",
                revision_id=task_state.revision_id,
                confirm=True,
            )
