"""The clinic's three roles as Wagtail groups, with the permissions each needs and no more.
Writers draft, Medical reviewers review, Editors run the site. Safe to run repeatedly:
it adds what is missing and removes only what ``WITHDRAWN`` names."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

WRITERS = "Writers"
MEDICAL_REVIEWERS = "Medical reviewers"
EDITORS = "Editors"

# Snippets whose text is medical content: they have drafts and a publish permission.
MEDICAL_SNIPPETS = ["cms.reference", "cms.disclaimer", "faq.faq"]
SNIPPET_MODELS = [*MEDICAL_SNIPPETS, "cms.topic"]
# Registers that live pages display at once, with no review of their own (topic names,
# bylines, clinicians, the clinic's settings): only Editors change them, in the audit log.

# Bearer tokens for the v3 API, under Settings -> API tokens: staff automation runs as a
# writer or an editor. Without the user model's change permission, each manages only their
# own tokens (wagtail.users.utils.get_manageable_token_owners).
API_TOKEN_PERMISSIONS = [f"wagtailcore.apitoken:{a}" for a in ("add", "change", "delete", "view")]

# Page permissions on the site's home page, which covers every page below it.
PAGE_PERMISSIONS = {
    WRITERS: ["add_page", "change_page"],
    MEDICAL_REVIEWERS: ["change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

MODEL_PERMISSIONS = {
    WRITERS: [
        *(f"{m}:{a}" for m in MEDICAL_SNIPPETS for a in ("add", "change")),
        *API_TOKEN_PERMISSIONS,
    ],
    MEDICAL_REVIEWERS: [f"{m}:change" for m in MEDICAL_SNIPPETS],
    EDITORS: [
        *(f"{m}:{a}" for m in SNIPPET_MODELS for a in ("add", "change", "delete")),
        *(f"{m}:publish" for m in MEDICAL_SNIPPETS),
        *(f"cms.clinician:{a}" for a in ("add", "change")),
        *(f"cms.writerprofile:{a}" for a in ("add", "change", "delete")),
        "cms.clinicsettings:change",
        *(
            f"lifecycle.{m}:{a}"
            for m in ("claimphrase", "prescriptiononlymedicine")
            for a in ("add", "change", "delete")
        ),
        *(f"webhooks.webhookendpoint:{a}" for a in ("add", "change", "delete", "view")),
        "webhooks.webhookdelivery:view",
        *API_TOKEN_PERMISSIONS,
    ],
}

# Granted by earlier versions and withdrawn since: a writer renaming a topic changed live
# pages without review.
WITHDRAWN = {
    WRITERS: ["cms.topic:add", "cms.topic:change"],
    MEDICAL_REVIEWERS: ["cms.topic:change"],
    EDITORS: [],
}

COLLECTION_PERMISSIONS = {
    WRITERS: ["add_image", "choose_image", "add_document", "choose_document"],
    MEDICAL_REVIEWERS: ["choose_image", "choose_document"],
    EDITORS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
}


def _permission(dotted):
    model_label, action = dotted.split(":")
    app_label, model = model_label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")


def ensure_groups(home_page):
    """Create or complete the three groups, with page permissions rooted at home_page."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name in (WRITERS, MEDICAL_REVIEWERS, EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access, *(_permission(p) for p in MODEL_PERMISSIONS[name]))
        group.permissions.remove(*(_permission(p) for p in WITHDRAWN[name]))
        page = Page.objects.get(pk=home_page.pk)
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
        for codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(codename=codename),
            )
        groups[name] = group
    return groups
