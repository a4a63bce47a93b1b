"""Operating the platform: schema status, backup and restore, cleanup, deployment files.

These modules sit on the settings, the storage models and the migrations, never on the
API or the services, so that the `datapulse` CLI works with the platform stopped."""
