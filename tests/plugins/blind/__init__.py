"""The sealed blind detection bank (issue 14): scored by `report`, not collected by pytest."""
