"""The year's report of an agency: kept as the interchange object, edited, checked, written out
and submitted to the supervising office."""
