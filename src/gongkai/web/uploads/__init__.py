"""Upload any published report (or a zip of many) and check it: bounded, with progress."""
