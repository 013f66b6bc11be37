from django.urls import path, reverse
from wagtail import hooks

from . import views
from .throttling import LOCKED_OUT_LOG_ACTION
from .two_factor import ENROLLED_LOG_ACTION, RESET_LOG_ACTION, SETUP_URL_NAME, VERIFY_URL_NAME


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/setup/", views.setup, name=SETUP_URL_NAME),
        path("two-factor/verify/", views.verify, name=VERIFY_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse(SETUP_URL_NAME),
        "label": "Two-factor authentication",
        "help_text": "Set up or replace the authenticator app that gives your sign-in codes.",
    }


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(LOCKED_OUT_LOG_ACTION, "Lock out sign-in", "Sign-in locked out")
    actions.register_action(
        ENROLLED_LOG_ACTION,
        "Enrol two-factor authentication",
        "Two-factor authentication enrolled",
    )
    actions.register_action(
        RESET_LOG_ACTION, "Reset two-factor authentication", "Two-factor authentication reset"
    )
