"""Reading, profiling and querying datasets with DuckDB: everything that touches the data
itself, and nothing that opens a database session.

`readers` finds how to read an upload and writes Parquet copies, `profile` describes a
table in one pass, `relation` says how to read a table as SQL (its Parquet copy, or its
stored source with the options its profile used), and `engine` runs read-only SQL over
the tables the catalog (datapulse.catalog) names.
"""
