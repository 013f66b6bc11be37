from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .throttling import lockout_message


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, saying so when django-axes refused the attempt because of
    a lockout, rather than "your username and password didn't match"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise
