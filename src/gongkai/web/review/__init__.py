"""The supervising office's side: this year's submissions, review, return or accept, and
findings dismissed with a reason."""
