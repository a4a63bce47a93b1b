"""`sql` data sources' databases: where they may be reached (SQL_SOURCE_ALLOWLIST) and,
for live sources, the read-only connection and the SQL compiled to their dialect."""
