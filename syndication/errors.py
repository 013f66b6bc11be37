"""The content API's errors: JSON with a code and a message, as the NHS API's
(``RESOURCE_NOT_FOUND``), and the parameter at fault for a 400."""

from django.http import JsonResponse

RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND"
INVALID_VALUE = "INVALID_VALUE"
INVALID_PARAMETER = "INVALID_PARAMETER"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"


class ContentAPIError(Exception):
    def __init__(self, status, code, message, parameter=None):
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, message, parameter

    def response(self):
        body = {"code": self.code, "message": self.message}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        return JsonResponse(body, status=self.status)


def not_found():
    return ContentAPIError(404, RESOURCE_NOT_FOUND, "Page not found.")


def invalid_value(parameter, message):
    return ContentAPIError(400, INVALID_VALUE, message, parameter)
