"""The schema version this code reads and writes (`PRAGMA user_version`): the last step of
tui.store.migration_steps. Apart from the migration code so that opening an up-to-date file (every
day but the day of an upgrade) loads none of it; tui.store.migrations refuses to load if the two
disagree."""

SCHEMA_VERSION = 6
