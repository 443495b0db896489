internal import GRDB

/// The store's tables, as migrations: a store written by an older version is brought forward.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE grid (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    hash TEXT NOT NULL,
                    name TEXT NOT NULL,
                    spec_json TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    ordinal INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    model TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    source TEXT,
                    target TEXT,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    failure TEXT,
                    output_digest TEXT,
                    final_loss REAL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX jobs_state ON jobs(state);
                CREATE TABLE attempts (
                    job_id TEXT NOT NULL REFERENCES jobs(id),
                    attempt INTEGER NOT NULL,
                    worker_id TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    outcome TEXT,
                    PRIMARY KEY (job_id, attempt)
                );
                CREATE TABLE results (
                    job_id TEXT PRIMARY KEY REFERENCES jobs(id),
                    attempt INTEGER NOT NULL,
                    worker_id TEXT NOT NULL,
                    n_correct INTEGER NOT NULL,
                    n_total INTEGER NOT NULL,
                    correctness BLOB NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    committed_at REAL NOT NULL
                );
                CREATE TABLE duplicates (
                    id INTEGER PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id),
                    attempt INTEGER NOT NULL,
                    worker_id TEXT NOT NULL,
                    n_correct INTEGER,
                    n_total INTEGER,
                    output_digest TEXT,
                    matches_committed INTEGER NOT NULL,
                    received_at REAL NOT NULL
                );
                CREATE TABLE artifacts (
                    digest TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE workers (
                    id TEXT PRIMARY KEY,
                    host TEXT NOT NULL,
                    cores INTEGER NOT NULL,
                    max_jobs INTEGER NOT NULL,
                    software_version TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    state TEXT NOT NULL,
                    jobs_done INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        // The OpenBLAS kernel family the grid's scores are computed with (pinned by the first
        // worker to register), and each worker's.
        migrator.registerMigration("v2 blas core") { db in
            try db.execute(sql: """
                ALTER TABLE grid ADD COLUMN blas_core TEXT;
                ALTER TABLE workers ADD COLUMN blas_core TEXT NOT NULL DEFAULT '';
                """)
        }
        // A job taken from another store (`--bases-from`, `--results-from`) has no attempt here;
        // the seconds it took there, for the estimate of the time left.
        migrator.registerMigration("v3 taken job time") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN took_elsewhere REAL")
        }
        // A job downstream of a failed one is `blocked`: the state's CHECK takes the new value
        // (SQLite changes a CHECK only by rebuilding the table).
        migrator.registerMigration("v4 blocked jobs") { db in
            try db.execute(sql: """
                CREATE TABLE jobs_v4 (
                    id TEXT PRIMARY KEY,
                    ordinal INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    model TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    source TEXT,
                    target TEXT,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'failed', 'blocked')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    failure TEXT,
                    output_digest TEXT,
                    final_loss REAL,
                    updated_at REAL NOT NULL,
                    took_elsewhere REAL
                );
                INSERT INTO jobs_v4 (id, ordinal, kind, model, seed, source, target, state, attempts, failure, output_digest,
                                     final_loss, updated_at, took_elsewhere)
                    SELECT id, ordinal, kind, model, seed, source, target, state, attempts, failure, output_digest,
                           final_loss, updated_at, took_elsewhere FROM jobs;
                DROP TABLE jobs;
                ALTER TABLE jobs_v4 RENAME TO jobs;
                CREATE INDEX jobs_state ON jobs(state);
                """)
        }
        // A runner's evaluation names the question set it scored (NULL for the engine's).
        migrator.registerMigration("v5 question sets") { db in
            try db.execute(sql: "ALTER TABLE results ADD COLUMN questions_digest TEXT")
        }
        return migrator
    }
}
