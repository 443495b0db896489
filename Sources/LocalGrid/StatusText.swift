internal import Core
internal import Foundation
internal import Grid
public import Store

/// The text of `transfergrid status`: where a grid stands, from its store's status.
public enum StatusText {
    /// The lines for `status` at `now` (seconds since 1970), `left` being the store's estimate
    /// of the seconds left (nil while unknown).
    ///   - disk: the room on the store's disk (`Store.diskRoom`); a line warns when it is short.
    public static func lines(_ status: StoreStatus, left: Double?, now: Double, disk: Store.DiskRoom? = nil) -> [String] {
        var lines = summary(status, left: left, now: now)
        if let disk, disk.isShort { lines.append("  " + diskWarning(disk)) }
        if !status.workers.isEmpty {
            lines.append("workers")
            lines.append("  id                             host                 state  running  done  last seen  OpenBLAS")
            lines += status.workers.map { worker($0, now: now) }
        }
        if !status.failures.isEmpty {
            lines.append("failed jobs (rerun with --rerun-failed)")
            lines += status.failures.map { "  \($0.job): \($0.reason)" }
        }
        if !status.blocked.isEmpty {
            lines.append("blocked jobs (they run once --rerun-failed brings back the job that failed)")
            lines += status.blocked.map { "  \($0.jobs) job(s) \($0.reason)" }
        }
        return lines
    }

    /// The line about a disk too full to commit on.
    public static func diskWarning(_ disk: Store.DiskRoom) -> String {
        "the disk of \(disk.folder) has \(DiskSpace.describe(disk.free)) free, under the \(DiskSpace.describe(disk.needed)) a coordinator wants "
            + "(its largest artifact and the database): when a commit fails it pauses, acknowledges nothing uncommitted, and goes on by itself once space is freed"
    }

    private static func summary(_ status: StoreStatus, left: Double?, now: Double) -> [String] {
        let done = status.counts[.done] ?? 0, total = status.total
        var lines = ["grid \(status.gridName) (\(status.gridHash.prefix(12)))  \(done)/\(total) done"
            + (total > 0 ? String(format: " (%.1f %%)", 100 * Double(done) / Double(total)) : "")]
        lines.append("  " + JobState.allCases.map { "\($0.rawValue) \(status.counts[$0] ?? 0)" }.joined(separator: "   ")
            + "   duplicates \(status.duplicates)")
        if let core = status.blasCore { lines.append("  scores computed with OpenBLAS \(core) kernels (every worker must use them)") }
        for kind in ["pretrain", "finetune", "evaluate", "noop"] {
            if let counts = status.byKind[kind] { lines.append("  \(pad(kind, 9)) \(counts.done)/\(counts.total)") }
        }
        // The rate of the minute before the last job done, shown while that minute is recent.
        let recent = status.lastDone.map { now - $0 < 60 } ?? false
        let rate = status.recentRate.flatMap { recent ? String(format: "rate %.2f jobs/s over the last minute; ", $0) : nil } ?? ""
        let slots = status.liveSlots(at: now)
        let stuck = (status.counts[.failed] ?? 0) + (status.counts[.blocked] ?? 0)
        let eta = switch left {
        case 0? where stuck > 0:
            "-- (ended incomplete: \(status.counts[.failed] ?? 0) failed, \(status.counts[.blocked] ?? 0) blocked; rerun with --rerun-failed)"
        case 0?: "done"
        case let left? where slots > 0: "\(ProgressLine.duration(left)) (from the pace of the jobs done, \(slots) job(s) at a time)"
        case _?: "-- (no live workers)"
        case nil: "-- (known once a job of each kind and model left has finished)"
        }
        lines.append("  \(rate)ETA \(eta)")
        return lines
    }

    private static func worker(_ w: StoreStatus.WorkerRow, now: Double) -> String {
        // Recorded alive but not heard from lately: its coordinator (or the worker) stopped.
        let state = w.state == .alive && !w.isLive(at: now) ? "silent" : w.state.rawValue
        return "  \(pad(w.id, 30)) \(pad(w.host, 20)) \(pad(state, 6)) "
            + String(format: "%7d  %4d  %@ ago", w.running, w.jobsDone, ProgressLine.duration(now - w.lastSeen))
            + "  \(w.blasCore.isEmpty ? "?" : w.blasCore)"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
