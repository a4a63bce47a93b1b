"""Uploaded files, the resource: the upload service (multipart bodies streamed to disk,
rows, recovery), the profiling jobs, and FileInfo, the one shape a file is shown in.

It sits on the catalog (table names, readable tables), `data` (reading and profiling)
and `storage` (the rows); the API's files blueprint is its only caller.
"""
