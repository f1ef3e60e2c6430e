"""The web workbench's Django project. For now it holds the register's store (the `register`
app), proactive disclosure's (the `publish` app, with its append-only review trail) and the
organisations — regions, agencies, roles and the access rules, with the first pages: login,
home, an agency's page and /api/agencies/ (`organisations`). The command line uses the same
stores (`gongkai.register.store`, `gongkai.publish.store`). `python -m gongkai.web <command>`
runs Django's management commands with these settings (runserver, createsuperuser, migrate…)."""
