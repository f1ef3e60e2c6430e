"""Regions (省/市/县区/乡镇街道), agencies and their supervising offices, users' roles, and the
access rules every view and API endpoint goes through (`access.py`); the login, home and agency
pages (`views.py`)."""
