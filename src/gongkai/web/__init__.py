"""The web workbench's Django project. For now it holds the register's store (the `register`
app) and the agencies (`organisations`); the command line uses the same store
(`gongkai.register.store`). `python -m gongkai.web <command>` runs Django's management
commands with these settings."""
