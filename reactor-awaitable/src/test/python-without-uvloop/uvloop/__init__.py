# Stands in for an environment without uvloop (UvloopKindTest): importing it fails as a missing package does.
raise ImportError("No module named 'uvloop'", name="uvloop")
