"""Throw-away benchmark databases on the local PostgreSQL."""


def recreate_postgres_database(url):
    """Drop the database named at the end of ``url`` (closing its sessions) and create it empty."""
    import psycopg2

    base, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{base}/postgres", connect_timeout=5)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
