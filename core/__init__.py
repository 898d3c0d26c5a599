"""Shared helpers: Azerbaijani text, dates, images and renditions, HTML sanitising,
security and logging. Knows no app of the project."""
