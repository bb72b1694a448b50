"""Local storage: SQLAlchemy models, engine and pragmas, migrations, projections."""
