"""Agencies (机关). Kept minimal: the region hierarchy and roles come with a later issue."""
