internal import GRDB
import GongkaiCore

/// The database schema, as a sequence of migrations.
///
/// Migrations only ever append: a deployed database is upgraded in place on start, and
/// the operator CLI (which opens the database read-only) refuses a schema newer than it knows.
/// The schema is documented table by table in docs/database.md.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per file the daemon finished deciding about (accepted, rejected or
            // duplicate). The row is written in the same transaction as its cells and
            // findings; `state` says whether the file has been moved to its final place.
            try db.execute(
                sql: """
                    CREATE TABLE reports (
                        id              INTEGER PRIMARY KEY,
                        claim_id        TEXT NOT NULL UNIQUE,
                        file_name       TEXT NOT NULL,
                        file_name_raw   BLOB NOT NULL,
                        final_path      TEXT NOT NULL,
                        final_name_raw  BLOB NOT NULL,
                        sha256          TEXT,
                        size            INTEGER,
                        received_at     TEXT NOT NULL,
                        processed_at    TEXT NOT NULL,
                        moved_at        TEXT,
                        verdict         TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
                        rejection       TEXT,
                        policy          TEXT NOT NULL,
                        template        TEXT,
                        year            INTEGER,
                        agency          TEXT,
                        signature_date  TEXT,
                        encoding        TEXT,
                        error_count     INTEGER NOT NULL,
                        warning_count   INTEGER NOT NULL,
                        raw_text        TEXT,
                        duplicate_of    INTEGER REFERENCES reports(id),
                        supersedes      INTEGER REFERENCES reports(id),
                        superseded_by   INTEGER REFERENCES reports(id),
                        state           TEXT NOT NULL CHECK (state IN ('stored', 'done'))
                    );
                    CREATE INDEX reports_sha256 ON reports(sha256);
                    CREATE UNIQUE INDEX reports_accepted_sha256 ON reports(sha256) WHERE verdict = 'accepted';
                    CREATE INDEX reports_agency_year ON reports(agency, year) WHERE verdict = 'accepted';
                    CREATE INDEX reports_pending ON reports(state) WHERE state <> 'done';
                    CREATE INDEX reports_verdict ON reports(verdict, year);

                    -- Cell labels are stored once (a report has ~200 cells whose row and
                    -- column labels repeat in every report); `cells` is the view to query.
                    CREATE TABLE cell_labels (
                        id            INTEGER PRIMARY KEY,
                        tbl           TEXT NOT NULL,
                        row_key       TEXT NOT NULL,
                        row_label     TEXT NOT NULL,
                        column_label  TEXT NOT NULL,
                        UNIQUE (tbl, row_key, row_label, column_label)
                    );

                    CREATE TABLE cell_values (
                        report_id     INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                        tbl           TEXT NOT NULL CHECK (tbl IN ('t2', 't3', 't4')),
                        row_index     INTEGER NOT NULL,
                        column_index  INTEGER NOT NULL,
                        label_id      INTEGER NOT NULL REFERENCES cell_labels(id),
                        value         NUMERIC,
                        raw           TEXT,
                        inferred      INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (report_id, tbl, row_index, column_index)
                    ) WITHOUT ROWID;

                    CREATE VIEW cells AS
                        SELECT v.report_id, v.tbl, v.row_index, NULLIF(l.row_key, '') AS row_key, l.row_label,
                               v.column_index, l.column_label, v.value, v.raw, v.inferred
                        FROM cell_values v JOIN cell_labels l ON l.id = v.label_id;

                    CREATE TABLE findings (
                        report_id     INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                        seq           INTEGER NOT NULL,
                        code          TEXT NOT NULL,
                        severity      TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
                        tbl           TEXT,
                        row_label     TEXT,
                        column_label  TEXT,
                        line          INTEGER,
                        expected      TEXT,
                        actual        TEXT,
                        message_zh    TEXT NOT NULL,
                        message_en    TEXT NOT NULL,
                        PRIMARY KEY (report_id, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX findings_code ON findings(code);
                    """)
        }
        migrator.registerMigration("v2") { db in
            // One row per daemon start: the start-up write that proves the database is
            // writable before READY=1 (a read-only database is a configuration error).
            try db.execute(
                sql: """
                    CREATE TABLE daemon_starts (
                        id          INTEGER PRIMARY KEY,
                        pid         INTEGER NOT NULL,
                        started_at  TEXT NOT NULL
                    );
                    """)
            // The reason file's exact name, bytes: for a long file name it is not simply
            // NAME.reason.txt (the name is shortened to fit NAME_MAX), and `gongkai requeue`
            // must find it by the row rather than by recomputing the rule.
            try db.execute(sql: "ALTER TABLE reports ADD COLUMN reason_name_raw BLOB")
            // The format detected from the bytes (pdf, docx, html, text, doc, …) and, for
            // findings in paged documents, the page a clerk should look at.
            try db.execute(sql: "ALTER TABLE reports ADD COLUMN format TEXT")
            try db.execute(sql: "ALTER TABLE findings ADD COLUMN page INTEGER")
        }
        migrator.registerMigration("v3") { db in
            // Agencies across years. `agency_key` is the normalised name the daemon computed
            // (AgencyKey); `agency_group` the key the cross-year checks group by: the key
            // itself, or the key an operator merged it into (`gongkai agencies --merge`).
            // Rows stored before v3 get theirs from the daemon on its next start.
            try db.execute(
                sql: """
                    ALTER TABLE reports ADD COLUMN agency_key TEXT;
                    ALTER TABLE reports ADD COLUMN agency_group TEXT;
                    CREATE INDEX reports_agency_group_year ON reports(agency_group, year) WHERE verdict = 'accepted';

                    -- One row per agency key ever seen; `merged_into` names the key whose group
                    -- it joined (NULL: its own group).
                    CREATE TABLE agencies (
                        key          TEXT PRIMARY KEY,
                        merged_into  TEXT REFERENCES agencies(key),
                        merged_at    TEXT
                    ) WITHOUT ROWID;

                    -- The names each key was written as, with how many reports used each.
                    CREATE TABLE agency_names (
                        key          TEXT NOT NULL REFERENCES agencies(key),
                        name         TEXT NOT NULL,
                        reports      INTEGER NOT NULL,
                        first_seen   TEXT NOT NULL,
                        last_seen    TEXT NOT NULL,
                        PRIMARY KEY (key, name)
                    ) WITHOUT ROWID;
                    """)
            // Cross-year findings name the other report they compare with; a re-run replaces
            // a report's cross-year findings about the same neighbour year.
            try db.execute(sql: "ALTER TABLE findings ADD COLUMN related_report_id INTEGER REFERENCES reports(id)")
        }
        return migrator
    }
}
