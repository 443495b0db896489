internal import Foundation
internal import GRDB
public import Grid
public import Core
/// The PGF store: one SQLite file in WAL mode, written by the coordinator alone and readable by
/// anyone while it runs (`transfergrid status`, `transfergrid report`). Artifacts live as files
/// in a folder beside it, named by their SHA-256.
public final class Store: Sendable {
    public let path: String
    let pool: DatabasePool
    /// The coordinator's exclusive claim, when this store was opened to serve a grid.
    public let lock: StoreLock?

    /// Opens (or creates) the store at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - durable: fsync at every commit (`synchronous = FULL`), so an acknowledged result
    ///     survives a power cut as well as a crash; NORMAL survives process crashes only.
    ///   - lock: the coordinator's claim on the store (`StoreLock`), kept as long as this is.
    public init(path: String, durable: Bool = true, readOnly: Bool = false, lock: StoreLock? = nil) throws(StoreError) {
        self.path = path
        self.lock = lock
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")") }
        }
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.cannotOpen, "there is no store at \(path); start a grid with `transfergrid coordinator --store \(path)`")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly { try Schema.migrator.migrate(pool) }
        } catch {
            throw StoreError(.cannotOpen, "cannot open the store \(path): \(error)")
        }
    }

    /// Where artifact files live: `<store>.artifacts/`.
    public var artifactDirectory: String { path + ".artifacts" }

    public func artifactPath(_ digest: SHA256Digest) -> String { artifactDirectory + "/" + digest.hex }

    // MARK: The grid

    /// The grid this store holds, if any.
    public func grid() throws(StoreError) -> (hash: String, spec: GridSpec)? {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT hash, spec_json FROM grid WHERE id = 1") }
        guard let row else { return nil }
        let json: String = row["spec_json"]
        do {
            return (row["hash"], try GridSpec.fromJSON(json))
        } catch {
            throw StoreError(.corrupt, "\(path): \(error.message)")
        }
    }

    /// The OpenBLAS kernel family the grid's scores were computed with, once a worker has
    /// registered: every later worker must compute with the same one.
    public func blasCore() throws(StoreError) -> String? {
        try read { db in
            try Self.recordsBLASCore(db) ? String.fetchOne(db, sql: "SELECT blas_core FROM grid WHERE id = 1") : nil
        }
    }

    /// Whether the store has the columns of migration "v2 blas core" (a store written by an
    /// older version and opened read-only has not).
    static func recordsBLASCore(_ db: Database) throws -> Bool {
        try hasColumn("blas_core", in: "grid", db)
    }

    /// Whether the store has the column of migration "v3 taken job time".
    static func recordsTimeTakenElsewhere(_ db: Database) throws -> Bool {
        try hasColumn("took_elsewhere", in: "jobs", db)
    }

    private static func hasColumn(_ column: String, in table: String, _ db: Database) throws -> Bool {
        try db.columns(in: table).contains { $0.name == column }
    }

    /// Records the grid and its jobs (pending) on a new store. On a store that already holds
    /// this grid, adds nothing and returns false; a different grid is refused.
    @discardableResult
    public func install(_ graph: JobGraph) throws(StoreError) -> Bool {
        let hash = graph.hash.hex
        if let existing = try grid() {
            guard existing.hash == hash else {
                throw StoreError(.gridMismatch, """
                    \(path) holds the grid "\(existing.spec.name)" (\(existing.hash.prefix(12))), not the one given \
                    ("\(graph.spec.name)", \(hash.prefix(12))); nothing was changed. To resume it, start the coordinator \
                    with the same spec; to run the new one, use another --store, or pass --replace-grid to set \
                    this store aside (it is renamed, not deleted) and start afresh.
                    """)
            }
            return false
        }
        let json: String
        do { json = try graph.spec.canonicalJSON() } catch { throw StoreError(.corrupt, error.message) }
        let now = Date().timeIntervalSince1970
        try write { db in
            try db.execute(sql: "INSERT INTO grid (id, hash, name, spec_json, created_at) VALUES (1, ?, ?, ?, ?)",
                           arguments: [hash, graph.spec.name, json, now])
            let insert = try db.makeStatement(sql: """
                INSERT INTO jobs (id, ordinal, kind, model, seed, source, target, state, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                """)
            for (ordinal, job) in graph.jobs.enumerated() {
                try insert.execute(arguments: [job.id, ordinal, job.kind.description, job.model.description, Int64(bitPattern: job.seed),
                                               job.sourceLabel, job.target?.abbreviation, now])
            }
        }
        return true
    }

    /// Moves the store (and its artifacts) aside as `<path>.replaced-<time>`; returns the new name.
    public static func setAside(_ path: String) throws(StoreError) -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let aside = "\(path).replaced-\(stamp)"
        let fm = FileManager.default
        do {
            for suffix in ["", "-wal", "-shm", ".artifacts"] where fm.fileExists(atPath: path + suffix) {
                try fm.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
        } catch {
            throw StoreError(.cannotOpen, "cannot set \(path) aside as \(aside): \(error)")
        }
        return aside
    }

    /// Failed jobs go back to pending with a fresh attempt budget, and the jobs they blocked
    /// with them (`--rerun-failed`); the number of failed jobs reset.
    public func resetFailed() throws(StoreError) -> Int {
        let now = Date().timeIntervalSince1970
        return try write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'pending', attempts = 0, failure = NULL, updated_at = ? WHERE state = 'failed'",
                           arguments: [now])
            let failed = db.changesCount
            try db.execute(sql: "UPDATE jobs SET state = 'pending', failure = NULL, updated_at = ? WHERE state = 'blocked'", arguments: [now])
            return failed
        }
    }

    /// Every job's state, in grid order.
    public func jobs() throws(StoreError) -> [StoredJob] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT j.id, j.state, j.attempts, j.failure, j.output_digest, a.size, a.role
                FROM jobs j LEFT JOIN artifacts a ON a.digest = j.output_digest ORDER BY j.ordinal
                """).map { row in
                StoredJob(id: row["id"], state: JobState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
                          failure: row["failure"], output: ArtifactRef(storedDigest: row["output_digest"], size: row["size"], role: row["role"]))
            }
        }
    }

    /// Per job, the worker each attempt was given to.
    public func attemptWorkers() throws(StoreError) -> [String: [UInt32: String]] {
        try read { db in
            var out: [String: [UInt32: String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT job_id, attempt, worker_id FROM attempts") {
                let attempt: Int = row["attempt"]
                out[row["job_id"], default: [:]][UInt32(attempt)] = row["worker_id"]
            }
            return out
        }
    }

    // MARK: Writes

    /// Applies a turn's writes in one transaction: all or none.
    public func apply(_ writes: [StoreWrite]) throws(StoreError) {
        guard !writes.isEmpty else { return }
        try write { db in
            for write in writes { try Self.apply(write, db) }
        }
    }

    private static func apply(_ write: StoreWrite, _ db: Database) throws {
        switch write {
        case let .workerSeen(id, host, cores, maxJobs, version, core, state, at):
            try db.cachedStatement(sql: """
                INSERT INTO workers (id, host, cores, max_jobs, software_version, blas_core, first_seen, last_seen, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET host = excluded.host, cores = excluded.cores, max_jobs = excluded.max_jobs,
                    software_version = excluded.software_version, last_seen = excluded.last_seen, state = excluded.state,
                    blas_core = CASE WHEN excluded.blas_core = '' THEN workers.blas_core ELSE excluded.blas_core END
                """).execute(arguments: [id, host, cores, maxJobs, version, core, at, at, state.rawValue])
            if state == .lost {
                // Workers come and go by the thousand on a long grid: the table keeps the live
                // ones and the latest lost ones only.
                try db.cachedStatement(sql: """
                    DELETE FROM workers WHERE state = 'lost' AND id NOT IN
                        (SELECT id FROM workers WHERE state = 'lost' ORDER BY last_seen DESC LIMIT \(Self.lostWorkersKept))
                    """).execute()
            }
        case let .blasCorePinned(core):
            try db.cachedStatement(sql: "UPDATE grid SET blas_core = ? WHERE id = 1 AND blas_core IS NULL").execute(arguments: [core])
        case let .attemptStarted(job, attempt, worker, at):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO attempts (job_id, attempt, worker_id, started_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [job, attempt, worker, at])
        case let .attemptEnded(job, attempt, outcome, at):
            try db.cachedStatement(sql: "UPDATE attempts SET ended_at = ?, outcome = ? WHERE job_id = ? AND attempt = ? AND ended_at IS NULL")
                .execute(arguments: [at, outcome, job, attempt])
        case let .jobState(job, state, attempts, failure, at):
            try db.cachedStatement(sql: "UPDATE jobs SET state = ?, attempts = ?, failure = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [state.rawValue, attempts, failure, at, job])
        case let .evaluation(job, attempt, worker, correctness, durationMs, at, questions):
            try db.cachedStatement(sql: """
                INSERT INTO results (job_id, attempt, worker_id, n_correct, n_total, correctness, duration_ms, committed_at, questions_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [job, attempt, worker, correctness.correctCount, correctness.count,
                                         Data(correctness.packed), Int64(durationMs), at, questions?.hex])
        case let .artifact(job, ref, finalLoss, at):
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO artifacts (digest, size, role, job_id, created_at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [ref.digest.hex, Int64(ref.sizeBytes), ref.role.storeName, job, at])
            try db.cachedStatement(sql: "UPDATE jobs SET output_digest = ?, final_loss = ? WHERE id = ?")
                .execute(arguments: [ref.digest.hex, Double(finalLoss), job])
        case let .duplicate(job, attempt, worker, correct, total, digest, matches, at):
            try db.cachedStatement(sql: """
                INSERT INTO duplicates (job_id, attempt, worker_id, n_correct, n_total, output_digest, matches_committed, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [job, attempt, worker, correct, total, digest, matches, at])
        case let .workerJobDone(id):
            try db.cachedStatement(sql: "UPDATE workers SET jobs_done = jobs_done + 1 WHERE id = ?").execute(arguments: [id])
        case let .workerHeard(id, at):
            try db.cachedStatement(sql: "UPDATE workers SET last_seen = MAX(last_seen, ?) WHERE id = ?").execute(arguments: [at, id])
        case let .tookElsewhere(job, seconds):
            try db.cachedStatement(sql: "UPDATE jobs SET took_elsewhere = ? WHERE id = ?").execute(arguments: [seconds, job])
        }
    }

    // MARK: Reads

    /// Lost workers whose rows the store keeps (the latest ones); live workers are all kept.
    static let lostWorkersKept = 100

    /// Counts, workers and failures for `transfergrid status`.
    public func status() throws(StoreError) -> StoreStatus {
        try read { db in
            // A store of an older version, opened read-only, has no kernel families: they read as none.
            let recordsCore = try Self.recordsBLASCore(db)
            let grid = try Row.fetchOne(db, sql: "SELECT name, hash, \(recordsCore ? "blas_core" : "NULL") AS blas_core FROM grid WHERE id = 1")
            var counts: [JobState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            var byKind: [String: (done: Int, total: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, SUM(state = 'done') AS d, COUNT(*) AS n FROM jobs GROUP BY kind") {
                byKind[row["kind"]] = (row["d"], row["n"])
            }
            let workers = try Row.fetchAll(db, sql: """
                SELECT w.id, w.host, w.state, w.jobs_done, w.max_jobs, w.last_seen, \(recordsCore ? "w.blas_core" : "''") AS blas_core,
                       (SELECT COUNT(*) FROM attempts a WHERE a.worker_id = w.id AND a.ended_at IS NULL) AS running
                FROM workers w ORDER BY w.id
                """).map { row in
                StoreStatus.WorkerRow(id: row["id"], host: row["host"], state: WorkerState(rawValue: row["state"]) ?? .lost, jobsDone: row["jobs_done"],
                                      running: row["running"], slots: row["max_jobs"], lastSeen: row["last_seen"], blasCore: row["blas_core"])
            }
            let failures = try Row.fetchAll(db, sql: "SELECT id, attempts, failure FROM jobs WHERE state = 'failed' ORDER BY ordinal LIMIT 50")
                .map { StoreStatus.Failure(job: $0["id"], attempts: $0["attempts"], reason: $0["failure"] ?? "") }
            let blocked = try Row.fetchAll(db, sql: "SELECT failure, COUNT(*) AS n FROM jobs WHERE state = 'blocked' GROUP BY failure ORDER BY MIN(ordinal)")
                .map { StoreStatus.Blocked(reason: $0["failure"] ?? "blocked", jobs: $0["n"]) }
            let duplicates = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicates") ?? 0
            // Done here: a job taken from another store is done with no attempt here.
            let doneHere = "state = 'done' AND attempts > 0"
            let times = try Row.fetchOne(db, sql: "SELECT MIN(updated_at) AS first, MAX(updated_at) AS last FROM jobs WHERE \(doneHere)")
            let last: Double? = times?["last"]
            var rate: Double?
            if let last {
                let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE \(doneHere) AND updated_at >= ?", arguments: [last - 60]) ?? 0
                let first: Double = try Double.fetchOne(db, sql: "SELECT MIN(updated_at) FROM jobs WHERE \(doneHere) AND updated_at >= ?",
                                                        arguments: [last - 60]) ?? last
                if last > first { rate = Double(recent) / (last - first) }
            }
            return StoreStatus(gridName: grid?["name"] ?? "(none)", gridHash: grid?["hash"] ?? "", blasCore: grid?["blas_core"],
                               counts: counts, byKind: byKind,
                               workers: workers, failures: failures, blocked: blocked, duplicates: duplicates, firstDone: times?["first"],
                               lastDone: last, recentRate: rate)
        }
    }

    /// Every committed evaluation: the grid's cells with their counts and correctness.
    public func evaluations() throws(StoreError) -> [StoredEvaluation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT j.id, j.model, j.seed, j.source, j.target, r.n_correct, r.n_total, r.correctness, r.worker_id, r.attempt,
                       r.questions_digest
                FROM results r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'evaluate' ORDER BY j.ordinal
                """).map { row in
                let data: Data = row["correctness"]
                return StoredEvaluation(job: row["id"], model: row["model"], seed: UInt64(bitPattern: row["seed"]), source: row["source"],
                                        target: row["target"], correct: row["n_correct"], total: row["n_total"],
                                        correctness: [UInt8](data), worker: row["worker_id"], attempt: row["attempt"],
                                        questionsDigest: row["questions_digest"])
            }
        }
    }

    /// How many results and duplicates each job has (for checks: exactly one result per cell).
    public func resultCounts() throws(StoreError) -> (results: [String: Int], duplicates: [String: Int]) {
        try read { db in
            var results: [String: Int] = [:], duplicates: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT job_id, COUNT(*) AS n FROM results GROUP BY job_id") { results[row["job_id"]] = row["n"] }
            for row in try Row.fetchAll(db, sql: "SELECT job_id, COUNT(*) AS n FROM duplicates GROUP BY job_id") { duplicates[row["job_id"]] = row["n"] }
            return (results, duplicates)
        }
    }

    /// A job's attempts in order: (attempt, worker, started, ended, outcome); times in seconds since 1970.
    public func attempts(job: String) throws(StoreError) -> [(attempt: Int, worker: String, started: Double, ended: Double?, outcome: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT attempt, worker_id, started_at, ended_at, outcome FROM attempts WHERE job_id = ? ORDER BY attempt",
                             arguments: [job]).map { ($0["attempt"], $0["worker_id"], $0["started_at"], $0["ended_at"], $0["outcome"]) }
        }
    }

    /// The size of the largest artifact stored, in bytes (0 before any).
    public func largestArtifact() throws(StoreError) -> UInt64 {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(size) FROM artifacts") ?? 0) }
    }

    // MARK: Plumbing

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError(.sqlite, "reading \(path): \(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL || error.resultCode == .SQLITE_IOERR {
            let free = DiskSpace.free(at: path).map { " (\(DiskSpace.describe($0)) free there)" } ?? ""
            throw StoreError(.cannotWrite, "the disk refused a write to \(path)\(free): \(error.message ?? "\(error)"); nothing of it was stored")
        } catch {
            throw StoreError(.sqlite, "writing \(path): \(error)")
        }
    }
}
