"""The bounds of an upload, all in one place (documented in docs/web/uploads.md).

Every module of the app reads them as `limits.NAME` at the time of use, so a test can lower one
with `monkeypatch.setattr(limits, "NAME", …)`.

A published annual report is a few hundred KB to a few MB; the bounds leave room for a zip of a
whole county's reports and refuse anything far beyond that before it costs memory or time.
"""

from __future__ import annotations

MB = 1024 * 1024

# The whole request body (all files of one upload, zip or not). Checked on the Content-Length
# header before Django parses the body.
MAX_REQUEST_BYTES = 64 * MB

# One report file, uploaded directly or unpacked from a zip (declared size and bytes counted).
MAX_FILE_BYTES = 20 * MB

# Report files in one upload, counting every file inside the zips. Django's own bound on the
# files of one request (DATA_UPLOAD_MAX_NUMBER_FILES) is set from it in the settings, at start.
MAX_FILES = 100

# Entries in one zip's directory (files, folders, skipped entries): a zip listing more is
# refused before anything in it is unpacked.
MAX_ZIP_ENTRIES = 1000

# All files unpacked from the zips of one upload together (declared sizes and bytes counted).
MAX_UNPACKED_BYTES = 200 * MB

# Unpacked size ÷ packed size of one zip member, and of a whole zip: above this it is treated
# as a zip bomb. Reports compress about 2-10 : 1; a member whose unpacked size is at most
# RATIO_FLOOR_BYTES is not judged by its ratio (a tiny file of blanks may pack 500 : 1 and
# harms no one).
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB

# Jobs of one user not yet finished (queued or being checked): one more upload is refused.
MAX_ACTIVE_BATCHES = 3

# A job with no progress for this long is taken as interrupted (the server stopped while it
# ran) and marked failed; the results so far are kept.
STALE_AFTER_SECONDS = 30 * 60

# The length of a file name kept and shown (a zip member's path included).
MAX_NAME_CHARS = 255
