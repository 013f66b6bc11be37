"""Factories for the core registers and files. Tests and the demo loader both build from
these, so the demo cannot drift from what the tests know."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from cms.models import Clinician, Topic, WriterProfile


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@clinic.example")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct-horse-battery-staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]


class WriterProfileFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    role = "Health writer"
    credentials = ""

    class Meta:
        model = WriterProfile
        django_get_or_create = ["name"]


class ClinicianFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Dr Clinician {n}")
    gmc_number = factory.Sequence(lambda n: f"{7100000 + n:07d}")
    specialty = "General practice"
    registration_checked_on = factory.LazyFunction(datetime.date.today)

    class Meta:
        model = Clinician
        django_get_or_create = ["gmc_number"]


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))

    class Meta:
        model = Topic
        django_get_or_create = ["slug"]


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would make a new root)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=1200, height=600, color="#2a6f97")
