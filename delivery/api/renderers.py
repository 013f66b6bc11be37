"""The APIs' JSON, written script-safe (``presentation.structured_data.script_safe_json``): ``<``,
``>`` and ``&`` in strings come out as ``\\u003c``, ``\\u003e`` and ``\\u0026``. The data a
client parses is the same; the text of a response, ``structured_data`` included, can be
embedded in a ``<script>`` element without a title like ``</script><script>…`` ending it.

The v2 JSON is compact. Wagtail's v2 views ask every renderer for ``indent=4``, which makes
a listing about half as large again and forces Python's pure-Python encoder instead of its C
one; a client that wants it indented asks (``Accept: application/json; indent=4``). The
browsable API (``?format=api`` or a browser's ``Accept``) indents its own display."""

from ninja.renderers import JSONRenderer as NinjaJSONRenderer
from rest_framework.renderers import JSONRenderer

from presentation.structured_data import script_safe_json


class ScriptSafeJSONRenderer(JSONRenderer):
    """For the v2 endpoints and the preview (Django REST framework)."""

    def get_indent(self, accepted_media_type, renderer_context):
        context = {k: v for k, v in (renderer_context or {}).items() if k != "indent"}
        return super().get_indent(accepted_media_type, context)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        text = super().render(data, accepted_media_type, renderer_context)
        return script_safe_json(text.decode("utf-8")).encode("utf-8")  # DRF writes UTF-8


class ScriptSafeNinjaRenderer(NinjaJSONRenderer):
    """For v3 (django-ninja)."""

    def render(self, request, data, *, response_status):
        return script_safe_json(super().render(request, data, response_status=response_status))
