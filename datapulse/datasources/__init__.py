"""Data sources (SPEC 4): where data comes from (`file`, `url`, `sql`), how each refresh
becomes a new dataset version, and the scheduler that refreshes them by interval."""
