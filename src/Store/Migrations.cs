namespace Synthesis.Store;

/// <summary>
/// The schema, as an append-only list of migrations, each written for both engines: <see cref="Sqlite"/>[i] and
/// <see cref="Postgres"/>[i] make the same tables, columns, views and triggers (the store tests compare them). A SQLite
/// store's <c>PRAGMA user_version</c>, a PostgreSQL one's <c>schema_version</c> table, says how many have been applied;
/// each runs in its own transaction at start-up. Never edit a shipped migration: add one, to both lists.
/// </summary>
static partial class Migrations
{
    public static readonly string[] Sqlite =
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

        // 3: what the French analysis says of each passage (machine output, replaced on re-analysis), reviewers'
        // corrections beside it (never overwritten by a run), vectors, topics and their summaries, and the audit log.
        """
        CREATE TABLE passage_analysis (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            language TEXT NOT NULL,
            language_confidence REAL,
            sentiment TEXT NOT NULL,
            sentiment_score REAL NOT NULL,
            emotions TEXT,
            problem REAL NOT NULL,
            engagement REAL NOT NULL,
            solution REAL NOT NULL,
            other REAL NOT NULL,
            question TEXT NOT NULL
        ) STRICT;
        CREATE INDEX passage_analysis_question ON passage_analysis(question);
        CREATE INDEX passage_analysis_sentiment ON passage_analysis(sentiment);

        CREATE TABLE passage_overrides (
            passage_id INTEGER PRIMARY KEY,
            question TEXT,
            sentiment TEXT,
            outlier INTEGER NOT NULL DEFAULT 0,
            pinned_topic INTEGER,
            text TEXT
        ) STRICT;

        CREATE TABLE passage_vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        ) STRICT;

        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            consultation TEXT NOT NULL,
            parent_id INTEGER,
            label TEXT NOT NULL,
            label_fixed INTEGER NOT NULL DEFAULT 0,
            keywords TEXT NOT NULL DEFAULT '[]',
            representatives TEXT NOT NULL DEFAULT '[]',
            size INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            retired INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE topic_assignments (
            passage_id INTEGER PRIMARY KEY,
            topic_id INTEGER,
            confidence REAL
        ) STRICT;
        CREATE INDEX topic_assignments_topic ON topic_assignments(topic_id);
        CREATE TABLE duplicate_groups (
            id INTEGER PRIMARY KEY,
            topic_id INTEGER,
            templated INTEGER NOT NULL,
            passage_ids TEXT NOT NULL
        ) STRICT;
        CREATE TABLE summaries (
            topic_id INTEGER NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL,
            sentences TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (topic_id, question)
        ) STRICT;
        CREATE TABLE review_decisions (
            id INTEGER PRIMARY KEY,
            consultation TEXT NOT NULL,
            action TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        """,

        // 4: the people and programs allowed in (passwords and API keys stored only as hashes).
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('analyst', 'reviewer', 'admin')),
            created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('analyst', 'reviewer', 'admin')),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        ) STRICT;
        """,

        // 5: which passages' searchable state changed, in commit order, so that search indexes catch up incrementally
        // from a watermark (seq) instead of re-reading every passage. One row per passage (its latest change); the
        // triggers cover text, vectors, analysis, reviewers' overrides, topic assignments and contribution metadata.
        // AUTOINCREMENT: a seq is never reused, even after the highest row is deleted.
        """
        CREATE TABLE search_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            passage_id INTEGER NOT NULL UNIQUE
        );
        INSERT INTO search_changes(passage_id) SELECT id FROM passages ORDER BY id;
        CREATE TRIGGER search_changes_passage_insert AFTER INSERT ON passages BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.id; INSERT INTO search_changes(passage_id) VALUES (NEW.id); END;
        CREATE TRIGGER search_changes_passage_update AFTER UPDATE ON passages BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.id; INSERT INTO search_changes(passage_id) VALUES (NEW.id); END;
        CREATE TRIGGER search_changes_passage_delete AFTER DELETE ON passages BEGIN
            DELETE FROM search_changes WHERE passage_id = OLD.id; INSERT INTO search_changes(passage_id) VALUES (OLD.id); END;
        CREATE TRIGGER search_changes_vector_insert AFTER INSERT ON passage_vectors BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_vector_update AFTER UPDATE ON passage_vectors BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_analysis_insert AFTER INSERT ON passage_analysis BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_analysis_update AFTER UPDATE ON passage_analysis BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_override_insert AFTER INSERT ON passage_overrides BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_override_update AFTER UPDATE ON passage_overrides BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_override_delete AFTER DELETE ON passage_overrides BEGIN
            DELETE FROM search_changes WHERE passage_id = OLD.passage_id; INSERT INTO search_changes(passage_id) VALUES (OLD.passage_id); END;
        CREATE TRIGGER search_changes_topic_insert AFTER INSERT ON topic_assignments BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_topic_update AFTER UPDATE ON topic_assignments BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        CREATE TRIGGER search_changes_topic_delete AFTER DELETE ON topic_assignments BEGIN
            DELETE FROM search_changes WHERE passage_id = OLD.passage_id; INSERT INTO search_changes(passage_id) VALUES (OLD.passage_id); END;
        CREATE TRIGGER search_changes_contribution_update AFTER UPDATE OF profile, neighbourhood, channel, date, title ON contributions BEGIN
            DELETE FROM search_changes WHERE passage_id IN (SELECT id FROM passages WHERE contribution_id = NEW.id);
            INSERT INTO search_changes(passage_id) SELECT id FROM passages WHERE contribution_id = NEW.id; END;
        -- Catch-ups leave passages still in the pipeline to the index stage; a job parked on the way will not bring
        -- them back, so parking logs them.
        CREATE TRIGGER search_changes_job_parked AFTER UPDATE OF state ON jobs
        WHEN NEW.state = 'parked' AND NEW.stage IN ('transcribe', 'ocr', 'segment', 'analyse', 'index') BEGIN
            DELETE FROM search_changes WHERE passage_id IN (SELECT id FROM passages WHERE contribution_id = NEW.subject);
            INSERT INTO search_changes(passage_id) SELECT id FROM passages WHERE contribution_id = NEW.subject; END;
        """,

        // 6: what a run made of a reviewer's split (each part's topic ID and passages), so that later runs keep the
        // parts and an undo knows which topics the split created.
        """
        ALTER TABLE review_decisions ADD COLUMN effect TEXT;
        """,

        // 7: topic_assignments.confidence now holds how well each passage fits its topic (cosine to the topic's
        // centre, written by every topic run) for the review queue; only a change of topic is a search change.
        """
        DROP TRIGGER search_changes_topic_update;
        CREATE TRIGGER search_changes_topic_update AFTER UPDATE OF topic_id ON topic_assignments BEGIN
            DELETE FROM search_changes WHERE passage_id = NEW.passage_id; INSERT INTO search_changes(passage_id) VALUES (NEW.passage_id); END;
        """,

        // 8: "a reviewer's correction wins" in one place: each passage as the analysis reads it (the reviewer's text,
        // tone, question and exclusion over the machine's, which stay beside them) with its theme. Every reader of a
        // passage's text, tone, question or theme reads this view.
        """
        CREATE VIEW reviewed_passages AS
        SELECT p.id, p.contribution_id, p.ord, p.source, p.char_start, p.char_end, p.start_ms, p.end_ms, p.confidence, p.needs_review,
               coalesce(o.text, p.text) AS text, p.text AS machine_text, o.text IS NOT NULL AS text_corrected,
               a.passage_id IS NOT NULL AS analysed, a.language, a.language_confidence,
               coalesce(o.sentiment, a.sentiment) AS sentiment, a.sentiment AS machine_sentiment, a.sentiment_score,
               coalesce(o.question, a.question) AS question, a.question AS machine_question,
               a.problem, a.engagement, a.solution, a.other,
               coalesce(o.outlier, 0) AS outlier, o.pinned_topic,
               ta.topic_id, ta.confidence AS fit
        FROM passages p
        LEFT JOIN passage_analysis a ON a.passage_id = p.id
        LEFT JOIN passage_overrides o ON o.passage_id = p.id
        LEFT JOIN topic_assignments ta ON ta.passage_id = p.id;
        """,

        // 9: a job asked for again while it runs (a reviewer's decision during a topic run, a corrected text during its
        // analysis) runs once more when it finishes: its run read the inputs before the change.
        """
        ALTER TABLE jobs ADD COLUMN again INTEGER NOT NULL DEFAULT 0;
        """,

        // 10: web sessions, so that a cookie ends when its session does: logout ends one, and disabling, deleting or
        // demoting a user or changing their password ends all of theirs. Only the SHA-256 of the session's secret is
        // stored (the cookie carries the secret).
        """
        CREATE TABLE sessions (
            hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            seen_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX sessions_user ON sessions(user_id);
        """,

        // 11: places people know. contributions.place keeps the place as imported (a postcode, an IRIS code, a street or
        // a name); neighbourhood is the name the places table gives it (`synthesis places import`), else that value.
        """
        ALTER TABLE contributions ADD COLUMN place TEXT;
        UPDATE contributions SET place = neighbourhood;
        CREATE TABLE places (
            code TEXT PRIMARY KEY COLLATE NOCASE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('postcode', 'iris', 'street', 'name'))
        ) STRICT;
        """,

        // 12: how sure the analysis is of each label: the probability the tone and question models give the label they
        // chose (null where the lexicon or the zero-shot cues decided, which give none); the view carries them.
        """
        ALTER TABLE passage_analysis ADD COLUMN tone_confidence REAL;
        ALTER TABLE passage_analysis ADD COLUMN question_confidence REAL;
        DROP VIEW reviewed_passages;
        CREATE VIEW reviewed_passages AS
        SELECT p.id, p.contribution_id, p.ord, p.source, p.char_start, p.char_end, p.start_ms, p.end_ms, p.confidence, p.needs_review,
               coalesce(o.text, p.text) AS text, p.text AS machine_text, o.text IS NOT NULL AS text_corrected,
               a.passage_id IS NOT NULL AS analysed, a.language, a.language_confidence,
               coalesce(o.sentiment, a.sentiment) AS sentiment, a.sentiment AS machine_sentiment, a.sentiment_score,
               coalesce(o.question, a.question) AS question, a.question AS machine_question,
               a.problem, a.engagement, a.solution, a.other,
               a.tone_confidence, a.question_confidence, o.sentiment IS NOT NULL AS tone_reviewed, o.question IS NOT NULL AS question_reviewed,
               coalesce(o.outlier, 0) AS outlier, o.pinned_topic,
               ta.topic_id, ta.confidence AS fit
        FROM passages p
        LEFT JOIN passage_analysis a ON a.passage_id = p.id
        LEFT JOIN passage_overrides o ON o.passage_id = p.id
        LEFT JOIN topic_assignments ta ON ta.passage_id = p.id;
        """,

        // 13: the city's own check of the analysis: a random sample of passages (stratified by channel and theme), the
        // machine's labels as they were when drawn, and the labels review staff gave blind to them. Each item keeps its
        // text, so a check stays readable when its passages are re-segmented.
        """
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            size INTEGER NOT NULL,
            seed INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE check_items (
            check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            passage_id INTEGER NOT NULL,
            contribution_id INTEGER NOT NULL,
            text TEXT NOT NULL,
            stratum TEXT NOT NULL,
            machine_tone TEXT NOT NULL,
            machine_question TEXT NOT NULL,
            tone_confidence REAL,
            question_confidence REAL,
            tone TEXT,
            question TEXT,
            labelled_by TEXT,
            labelled_at TEXT,
            PRIMARY KEY (check_id, ord),
            UNIQUE (check_id, passage_id)
        ) STRICT;
        """,

        // 14: on PostgreSQL, a passage inserted and its first analysis are logged only once it has a vector (see
        // Migrations.Postgres); nothing changes here
        """
        SELECT 1;
        """,
    ];
}
