"""The cap on a request's body, before Django reads it.

Django caps the fields of a form (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not its files: a multipart
body of any size was spooled to disk before a form could say "too large". This handler comes
first in ``FILE_UPLOAD_HANDLERS``: past ``MAX_REQUEST_BODY_BYTES`` it refuses the body from its
announced length, before reading a byte of it (and counts what it reads, should a client send
more than it announced). The proxy in front caps it first (README, Deploy).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RequestBodyTooLarge(RequestDataTooBig):
    """Answered with the "too large" page (``marketplace.views.bad_request``), status 413."""


class RequestBodyLimitHandler(FileUploadHandler):
    received = 0

    def handle_raw_input(
        self, input_data: Any, META: dict[str, Any], content_length: int, boundary: Any, encoding: str | None = None
    ) -> None:
        if content_length > settings.MAX_REQUEST_BODY_BYTES:
            raise RequestBodyTooLarge(f"A request body of {content_length} bytes is over the limit.")
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BODY_BYTES:
            raise RequestBodyTooLarge("More file data than the limit.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file
