"""A blind question bank: questions written without reading the planner (see README.md)."""
