"""Widgets and models several pages share: fields, charts, table models, settings boxes."""
