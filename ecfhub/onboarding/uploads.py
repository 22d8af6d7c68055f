"""Refusing an oversized upload while it arrives, instead of after Django has stored all of it.

`SizeLimitHandler` goes first in the request's upload handlers (see views/upload.py). It
counts the file bytes as they stream in; once they pass the limit it stops the upload, so
the handlers behind it (memory / temporary file) never receive more than the limit. The
rest of the body is read and thrown away (`connection_reset=False`), so the browser gets
our page with its message rather than a "connection reset" error. Fields sent before the
file (the CSRF token) are kept."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.request_length = 0
        self.received = 0
        self.refused = False

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: str | None = None
    ) -> None:
        self.request_length = content_length
        return None  # the normal multipart parsing goes on

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.content_length is not None and self.received + self.content_length > self.limit:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one make the file

    def _refuse(self) -> None:
        self.refused = True
        raise StopUpload(connection_reset=False)

    @property
    def size_seen(self) -> int:
        """The best figure for the refused file's size: the request's length (the file is nearly all of it)."""
        return max(self.received, self.request_length)
