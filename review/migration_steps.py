"""Data migrations the page types share, written against the historical models."""


def attach_approvals(model_label):
    """Each reviewed page stands on its latest approval (pages approved before the record
    was linked); each record keeps its clinician's specialty as the register has it now."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ReviewRecord = apps.get_model("cms", "ReviewRecord")
        app_label, model_name = model_label.split(".")
        model = apps.get_model(app_label, model_name)
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        for record in ReviewRecord.objects.filter(specialty="").select_related("clinician"):
            record.specialty = record.clinician.specialty
            record.save(update_fields=["specialty"])
        if content_type is None:
            return
        for page in model.objects.filter(reviewed_by__isnull=False, review_record__isnull=True):
            record = (
                ReviewRecord.objects.filter(
                    content_type=content_type, object_id=str(page.pk), outcome="approved"
                )
                .order_by("-created_at", "-pk")
                .first()
            )
            if record is not None:
                model.objects.filter(pk=page.pk).update(review_record=record)

    return forwards


def add_claim_words(apps, phrases, health_terms):
    """Add the claims checker's phrases and health terms a release brings, leaving the rows
    an Editor already added or changed as they are.

    ``phrases``: (phrase, category, requires, strong, suggestion, reason) tuples;
    ``health_terms``: {kind: [term, ...]}."""
    ClaimPhrase = apps.get_model("lifecycle", "ClaimPhrase")
    HealthTerm = apps.get_model("lifecycle", "HealthTerm")
    for phrase, category, requires, strong, suggestion, reason in phrases:
        ClaimPhrase.objects.get_or_create(
            phrase=phrase,
            defaults={
                "category": category,
                "requires": requires,
                "strong": strong,
                "suggestion": suggestion,
                "reason": reason,
            },
        )
    for kind, terms in health_terms.items():
        for term in terms:
            HealthTerm.objects.get_or_create(term=term, defaults={"kind": kind})
