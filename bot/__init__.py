"""The composition root: settings, logging, the Discord client, the error handler and the entry points."""
