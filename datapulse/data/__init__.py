"""Reading, profiling and querying datasets: everything that touches the data itself.

`readers.to_parquet` turns any accepted upload into a Parquet copy, `profile` describes
it, `catalog` names every queryable table and `engine` runs read-only SQL over them.
"""
