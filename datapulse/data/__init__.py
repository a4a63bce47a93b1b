"""Reading, profiling and querying datasets: everything that touches the data itself.

`readers` finds how to read an upload and writes Parquet copies, `profile` describes a
table in one pass, `relation` says how to read a table as SQL (its Parquet copy, or its
stored source with the options its profile used), `catalog` names every queryable table
and `engine` runs read-only SQL over them; `jobs` runs profile-then-copy per upload.
"""
