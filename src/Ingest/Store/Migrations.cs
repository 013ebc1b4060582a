namespace Synthesis.Ingest.Store;

/// <summary>
/// The schema, as an append-only list of migrations. The store's <c>PRAGMA user_version</c> says how many have
/// been applied; each runs in its own transaction at start-up. Never edit a shipped migration: add one.
/// </summary>
static class Migrations
{
    public static readonly string[] All =
    [
        // 1: contributions, original files, passages, jobs, import log.
        """
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            stored_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE contributions (
            id INTEGER PRIMARY KEY,
            consultation TEXT NOT NULL,
            external_ref TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            channel TEXT NOT NULL,
            author_kind TEXT NOT NULL,
            profile TEXT NOT NULL,
            neighbourhood TEXT,
            date TEXT,
            title TEXT,
            text TEXT NOT NULL,
            language TEXT,
            media TEXT NOT NULL,
            original_sha256 TEXT REFERENCES blobs(sha256),
            original_name TEXT,
            original_row INTEGER,
            publishable INTEGER NOT NULL DEFAULT 0,
            metadata TEXT,
            imported_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX contributions_identity ON contributions(consultation, content_hash, external_ref);
        CREATE INDEX contributions_date ON contributions(date);

        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            contribution_id INTEGER NOT NULL REFERENCES contributions(id),
            ord INTEGER NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            char_start INTEGER,
            char_end INTEGER,
            start_ms INTEGER,
            end_ms INTEGER,
            confidence REAL,
            UNIQUE (contribution_id, source, ord)
        ) STRICT;

        -- One row per (stage, subject): re-enqueueing is an upsert, so work is never duplicated.
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            stage TEXT NOT NULL,
            subject INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending','running','done','failed','parked')),
            attempts INTEGER NOT NULL DEFAULT 0,
            run_after INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_until INTEGER,
            blocked_on TEXT,
            last_error TEXT,
            updated_at INTEGER NOT NULL,
            UNIQUE (stage, subject)
        ) STRICT;
        CREATE INDEX jobs_runnable ON jobs(stage, state, run_after);
        CREATE INDEX jobs_state ON jobs(state);

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            started_at TEXT NOT NULL,
            imported INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE TABLE import_errors (
            import_id INTEGER NOT NULL REFERENCES imports(id),
            source TEXT NOT NULL,
            row INTEGER,
            reason TEXT NOT NULL
        ) STRICT;
        """,

        // 2: what recognisers produced (kept whole, never edited: transcript edits are stored beside it), and
        // passages a person should check.
        """
        ALTER TABLE passages ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE transcripts (
            contribution_id INTEGER NOT NULL REFERENCES contributions(id),
            source TEXT NOT NULL CHECK (source IN ('transcript', 'ocr')),
            engine TEXT NOT NULL,
            language TEXT,
            text TEXT NOT NULL,
            confidence REAL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (contribution_id, source)
        ) STRICT;
        """,
    ];
}
