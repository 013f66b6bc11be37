"""Factories for medical content made the way the gate allows: snippets and pages saved as
drafts and published with a clinician's approval on record. Tests and the demo loader both
build from these, so the demo cannot drift from what the tests know."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.factories import ClinicianFactory
from cms.models import Disclaimer, DisclaimerRule, Reference, required_disclaimers

from .gate import approve_revision


def publish_with_approval(obj, approved_by=None):
    """Publish the object's latest revision the only way the publish gate allows: with a
    clinician's approval of that revision on record."""
    revision = obj.get_latest_revision()
    approve_revision(revision, approved_by or ClinicianFactory().user)
    revision.publish()
    obj.refresh_from_db()


class MedicalSnippetFactory(DjangoModelFactory):
    """Saves a first revision as a draft and, unless `published=False`, publishes it with a
    clinician's approval (`approved_by`, a user with a Clinician profile), as the admin
    and the medical review workflow would."""

    class Meta:
        abstract = True

    live = False

    @classmethod
    def _create(cls, model_class, *args, published=True, approved_by=None, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        if not obj.latest_revision_id:
            obj.save_revision()
            if published:
                publish_with_approval(obj, approved_by)
        return obj


class ReferenceFactory(MedicalSnippetFactory):
    authors = "Smith J, Jones AB"
    title = factory.Sequence(lambda n: f"A randomised trial of treatment {n}")
    journal = "BMJ Open"
    year = 2018
    doi = factory.Sequence(lambda n: f"10.1000/demo.{n}")

    class Meta:
        model = Reference
        django_get_or_create = ["title"]


class DisclaimerFactory(MedicalSnippetFactory):
    title = factory.Sequence(lambda n: f"Disclaimer {n}")
    text = "<p>This article is general information, not medical advice.</p>"
    kind = Disclaimer.Kind.MEDICAL_ADVICE

    class Meta:
        model = Disclaimer
        django_get_or_create = ["title"]

    class Params:
        required_for_all = factory.Trait(
            rules=factory.LazyFunction(lambda: [DisclaimerRule(scope=DisclaimerRule.Scope.ALL)])
        )


class MedicalPageFactory(wagtail_factories.PageFactory):
    """A page saved the way the editor saves it: a draft revision, published with a
    clinician's approval when `published=True`. Required disclaimers are attached unless
    the caller passes its own."""

    class Meta:
        abstract = True

    live = False
    topics = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *args, published=False, approved_by=None, **kwargs):
        if "disclaimers" not in kwargs:
            through = model_class._meta.get_field("disclaimers").related_model
            topic_ids = [topic.pk for topic in kwargs["topics"]]
            kwargs["disclaimers"] = [
                through(disclaimer=d) for d in required_disclaimers(model_class, topic_ids)
            ]
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision()
        if published:
            publish_with_approval(page, approved_by)
        return page
