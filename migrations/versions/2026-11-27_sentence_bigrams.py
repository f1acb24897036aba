"""Index the two-character words of sentences, by sentence length, so that 基金 is found without a scan.

The trigram indexes of revision 0003 cannot find a term of two characters, the commonest length
of a Chinese word. Both databases get an index of every overlapping pair of characters of the
lowercased sentence ("bigrams"), kept in step with `sentences` whatever writes it, and in an
order that lets a search read only its page:

- a token per distinct bigram of the sentence, and, when the bigram occurs n >= 2 times without
  overlap (as `replace()` counts), one token per k in 2..n saying "at least k times";
- SQLite: a contentless FTS5 table `sentence_bigrams` whose rowid is (length << 32) + sentence
  id, so FTS5 lists the sentences holding a token shortest first (tokens are the bigram's UTF-8
  bytes in hex, which no tokenizer splits). Triggers index a sentence when it is inserted and
  take out the tokens of the old text when it is deleted or updated (cascades from articles
  included); the sentences already stored are indexed here;
- PostgreSQL: a table `sentence_bigrams(token, length, sentence_id)` keyed in that order, so its
  primary key lists the sentences holding a token shortest first, filled from the IMMUTABLE
  function `sentence_bigram_tokens(text)` by a trigger (one row per token: far larger than
  SQLite's FTS5 postings, but PostgreSQL has no index that lists a GIN key's rows in order).

A term's density in a sentence (characters covered over length) is then 2k/length for the
sentences where it occurs exactly k times, so the densest n are among the n shortest of each
"at least k" list: a search reads at most n rows per k (see `app.services.search`).
Neither object is a model: `app.db.include_object` keeps them out of the autogenerate comparison.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 01:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite_key(row: str) -> str:
    """The bigram index's rowid of a sentence: shortest first, then by id."""
    return f"(length({row}.text) << 32) + {row}.id"


def _sqlite_tokens(text: str) -> str:
    """The tokens of the sentence `text`: at each position i of its lowercased text t, the hex of
    the bigram b there, and if b occurred before clear of this one, b x <how many times replace()
    finds it up to here> (so every count from 2 to the last). json_each over an array of zeros
    gives the positions: a trigger may hold no CTE, and generate_series is not built in."""
    return f"""(
        SELECT group_concat(
            hex(b) || CASE
                WHEN instr(substr(t, 1, i - 1), b) = 0 THEN ''
                ELSE ' ' || hex(b) || 'x' || ((i + 1 - length(replace(substr(t, 1, i + 1), b, ''))) / 2)
            END,
            ' '
        )
        FROM (
            SELECT p.key + 1 AS i, x.t AS t, substr(x.t, p.key + 1, 2) AS b
            FROM (SELECT lower({text}) AS t) AS x,
                 json_each('[' || substr(replace(hex(zeroblob(length({text}) - 1)), '00', ',0'), 2) || ']') AS p
        )
    )"""


def _sqlite_index(row: str) -> str:
    return f"INSERT INTO sentence_bigrams(rowid, tokens) VALUES ({_sqlite_key(row)}, {_sqlite_tokens(row + '.text')});"


def _sqlite_unindex(row: str) -> str:
    # a contentless FTS5 table forgets a row when told the very tokens it indexed
    return (
        "INSERT INTO sentence_bigrams(sentence_bigrams, rowid, tokens) "
        f"VALUES ('delete', {_sqlite_key(row)}, {_sqlite_tokens(row + '.text')});"
    )


SQLITE_UPGRADE = [
    """
    CREATE VIRTUAL TABLE sentence_bigrams USING fts5(
        tokens, content='', tokenize='ascii', detail='none', columnsize=0
    )
    """,
    f"""
    CREATE TRIGGER sentence_bigrams_insert AFTER INSERT ON sentences BEGIN
        SELECT RAISE(ABORT, 'sentence ids beyond 2^32 do not fit the bigram index')
        WHERE new.id >= 4294967296;
        {_sqlite_index("new")}
    END
    """,
    f"""
    CREATE TRIGGER sentence_bigrams_delete AFTER DELETE ON sentences BEGIN
        {_sqlite_unindex("old")}
    END
    """,
    f"""
    CREATE TRIGGER sentence_bigrams_update AFTER UPDATE OF id, text ON sentences BEGIN
        {_sqlite_unindex("old")}
        {_sqlite_index("new")}
    END
    """,
    # the sentences stored before this revision
    f"INSERT INTO sentence_bigrams(rowid, tokens) SELECT {_sqlite_key('s')}, {_sqlite_tokens('s.text')} "
    "FROM sentences AS s",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS sentence_bigrams_update",
    "DROP TRIGGER IF EXISTS sentence_bigrams_delete",
    "DROP TRIGGER IF EXISTS sentence_bigrams_insert",
    "DROP TABLE IF EXISTS sentence_bigrams",
]

POSTGRESQL_UPGRADE = [
    # the bigram itself, and bigram#k for "at least k times" (a bigram has two characters, so
    # the two kinds never meet)
    """
    CREATE FUNCTION sentence_bigram_tokens(sentence text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT token), '{}')
        FROM (SELECT lower(sentence) AS t) AS s,
             generate_series(1, length(s.t) - 1) AS i,
             LATERAL (SELECT substr(s.t, i, 2) AS b) AS pair,
             LATERAL (VALUES
                 (pair.b),
                 (CASE WHEN strpos(substr(s.t, 1, i - 1), pair.b) > 0
                       THEN pair.b || '#' || ((i + 1 - length(replace(substr(s.t, 1, i + 1), pair.b, ''))) / 2)
                  END)
             ) AS tokens(token)
        WHERE token IS NOT NULL
    $$
    """,
    # (token, length, sentence id): the sentences holding a token, shortest first, by index
    """
    CREATE TABLE sentence_bigrams (
        token text NOT NULL,
        length integer NOT NULL,
        sentence_id integer NOT NULL
    )
    """,
    # the sentences stored before this revision, then the key (one sort, not a row at a time)
    """
    INSERT INTO sentence_bigrams (token, length, sentence_id)
    SELECT token, length(lower(s.text)), s.id
    FROM sentences AS s, unnest(sentence_bigram_tokens(s.text)) AS token
    """,
    """
    ALTER TABLE sentence_bigrams
    ADD CONSTRAINT pk_sentence_bigrams PRIMARY KEY (token, length, sentence_id)
    """,
    """
    CREATE FUNCTION sentence_bigrams_on_sentences() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM sentence_bigrams
            WHERE token = ANY (sentence_bigram_tokens(OLD.text))
              AND length = length(lower(OLD.text)) AND sentence_id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO sentence_bigrams (token, length, sentence_id)
            SELECT token, length(lower(NEW.text)), NEW.id
            FROM unnest(sentence_bigram_tokens(NEW.text)) AS token;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER sentence_bigrams AFTER INSERT OR DELETE OR UPDATE OF id, text ON sentences
    FOR EACH ROW EXECUTE FUNCTION sentence_bigrams_on_sentences()
    """,
]

POSTGRESQL_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS sentence_bigrams ON sentences",
    "DROP FUNCTION IF EXISTS sentence_bigrams_on_sentences()",
    "DROP TABLE IF EXISTS sentence_bigrams",
    "DROP FUNCTION IF EXISTS sentence_bigram_tokens(text)",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
