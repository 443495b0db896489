internal import GRDB

extension Store {
    /// How long the done jobs took, which attempts are running since when, and which jobs are
    /// finished: for `RemainingTime`.
    public func jobTimes() throws(StoreError) -> JobTimes {
        try read { db in
            var times = JobTimes()
            let attempts = try Row.fetchAll(db, sql: """
                SELECT job_id, started_at, ended_at FROM attempts WHERE outcome = 'done' OR ended_at IS NULL
                """)
            for row in attempts {
                let job: String = row["job_id"], started: Double = row["started_at"]
                if let ended: Double = row["ended_at"] { times.took[job] = max(0, ended - started) } else { times.runningSince[job] = started }
            }
            // A job taken from another store: the time it took there (a store of an older version,
            // opened read-only, has no such column).
            if try Self.recordsTimeTakenElsewhere(db) {
                for row in try Row.fetchAll(db, sql: "SELECT id, took_elsewhere FROM jobs WHERE state = 'done' AND took_elsewhere IS NOT NULL") {
                    let job: String = row["id"]
                    if times.took[job] == nil { times.took[job] = row["took_elsewhere"] }
                }
            }
            times.finished = Set(try String.fetchAll(db, sql: "SELECT id FROM jobs WHERE state IN ('done', 'failed', 'blocked')"))
            return times
        }
    }
}
