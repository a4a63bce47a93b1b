"""The catalog: which table names are taken and which tables can be read.

It is the part of table bookkeeping that opens database sessions, so it sits above both
`storage` (the rows it reads) and `data` (the `Relation` it answers with), and below the
resource services (files, data sources, chat) that ask it.
"""
