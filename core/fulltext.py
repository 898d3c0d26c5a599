"""Database objects of full-text search that PostgreSQL has and SQLite lacks.

Production runs on PostgreSQL; the test suite also runs on SQLite, which has
no ``tsvector``, no ``to_tsvector`` and no GIN indexes. These two wrappers
let a model declare PostgreSQL's search objects (a generated ``tsvector``
column and its GIN index) in ``Meta`` and fields, as Django intends, while
SQLite gets a column that stays NULL and no index. Code that reads the
vector asks ``connection.vendor`` first and uses its own fallback elsewhere.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db.backends.ddl_references import Statement
from django.db.models import Func


class OnPostgresOnly(Func):
    """``expression`` on PostgreSQL; ``NULL`` on any other database.

    Made for ``GeneratedField``: the generated column exists everywhere (so
    the model's fields are the same on every database), but only PostgreSQL
    computes it.
    """

    template = "%(expressions)s"

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


class _NoStatement(Statement):
    """An empty DDL statement: what a PostgreSQL-only index is elsewhere."""

    def __init__(self):
        super().__init__("")


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL; nothing at all on other databases."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return _NoStatement()
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return _NoStatement()
        return super().remove_sql(model, schema_editor, **kwargs)
