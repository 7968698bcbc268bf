"""Enqueue Stevedore jobs from Python with psycopg 3, through the schema's enqueue() SQL function.

    python3 enqueue.py "postgresql://127.0.0.1:5432/app?user=app" [schema]

The job is inserted in this transaction and workers are woken when it commits, like an enqueue from
Java. Debian: apt-get install python3-psycopg (elsewhere: pip install "psycopg[binary]").
"""
import json
import sys

import psycopg
from psycopg import sql


def enqueue(conn, schema, kind, args, **options):
    """Returns (job_id, created); created is False when a job with the same unique_key is unfinished."""
    names = list(options)
    call = sql.SQL("SELECT job_id, created FROM {}.enqueue(%s, %s::jsonb{})").format(
        sql.Identifier(schema),
        sql.SQL("").join(sql.SQL(", {} => %s").format(sql.Identifier(name)) for name in names))
    return conn.execute(call, [kind, json.dumps(args), *options.values()]).fetchone()


def main():
    url = sys.argv[1]
    schema = sys.argv[2] if len(sys.argv) > 2 else "stevedore"
    with psycopg.connect(url) as conn:  # commits on leaving the block, rolls back on an exception
        job_id, created = enqueue(conn, schema, "email.send", {"to": "ada@example.com", "template": "welcome"},
                                  queue="mail", tags=["signup"], unique_key="welcome-ada@example.com")
        print(f"job {job_id} {'enqueued' if created else 'already waiting'}")
        conn.commit()
        try:
            enqueue(conn, schema, "email.send", ["not", "an", "object"])
        except psycopg.errors.InvalidParameterValue as refused:
            conn.rollback()
            print(f"refused: {refused.diag.message_primary}")


if __name__ == "__main__":
    main()
