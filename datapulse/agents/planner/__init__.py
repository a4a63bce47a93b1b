"""The rule planner (no model), the optional language-model planner, and their vocabulary."""
