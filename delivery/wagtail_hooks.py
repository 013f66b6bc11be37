"""Admin hooks of delivery: the editor's headless preview button and revoking a user's
preview links (delivery/api/preview.py)."""

from django.urls import path
from wagtail import hooks

from .api import preview
from .api.preview import HeadlessPreviewMenuItem


@hooks.register("register_log_actions")
def register_preview_log_actions(actions):
    actions.register_action(
        preview.REVOKED_LOG_ACTION, "Preview links revoked", "Preview links revoked"
    )


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    yield HeadlessPreviewMenuItem(page=page)


# Revoking a user's headless preview links (delivery/api/preview.py).


@hooks.register("register_admin_urls")
def register_preview_token_urls():
    return [
        path(
            "preview-links/revoke/<int:user_id>/",
            preview.RevokePreviewTokensView.as_view(),
            name="cms_revoke_preview_tokens",
        )
    ]


@hooks.register("register_user_listing_buttons")
def revoke_preview_tokens_button(user, request_user):
    yield from preview.revoke_preview_tokens_button(user, request_user)
