"""The web workbench's Django project. For now it holds the register's store (the `register`
app), proactive disclosure's (the `publish` app, with its append-only review trail) and the
agencies (`organisations`); the command line uses the same stores (`gongkai.register.store`,
`gongkai.publish.store`). `python -m gongkai.web <command>` runs Django's management
commands with these settings."""
