internal import Grid
internal import Foundation
public import Store

/// What `run` shows while a grid runs, from the store's status: a redrawn bar on a terminal,
/// plain lines otherwise. Pure formatting; `ProgressDisplay` decides when and where to write.
public enum ProgressLine {
    /// One line for a terminal of `width` columns: bar, done/total, rate, ETA, stages, failures.
    /// `rate` is jobs per second, `left` the seconds left (`Store.timeLeft`); nil while unknown.
    public static func bar(_ status: StoreStatus, rate: Double?, left: Double?, width: Int) -> String {
        let done = status.counts[.done] ?? 0, total = max(status.total, 1)
        let details = summary(status, rate: rate, left: left, compact: true)
        let barWidth = max(4, min(30, width - details.count - 4))
        let filled = min(barWidth, barWidth * done / total)
        let line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] " + details
        return String(line.prefix(max(width - 1, 20)))
    }

    /// One line for a log: the same facts, spelled out.
    public static func plain(_ status: StoreStatus, rate: Double?, left: Double?) -> String {
        "progress: " + summary(status, rate: rate, left: left, compact: false)
    }

    public static func summary(_ status: StoreStatus, rate: Double?, left: Double?, compact: Bool) -> String {
        let done = status.counts[.done] ?? 0, failed = status.counts[.failed] ?? 0, blocked = status.counts[.blocked] ?? 0
        let total = status.total
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 0
        var parts = [String(format: "%d/%d (%.0f %%)", done, total, percent)]
        if let rate, rate > 0 { parts.append(String(format: "%.1f jobs/s", rate)) }
        if done + failed + blocked < total { parts.append("ETA " + (left.map(duration) ?? "--")) }
        let stages = ["pretrain", "finetune", "evaluate"].compactMap { kind in
            status.byKind[kind].map { "\(compact ? String(kind.prefix(2)) : kind) \($0.done)/\($0.total)" }
        }
        parts.append(stages.joined(separator: compact ? " " : ", "))
        if failed > 0 { parts.append("\(failed) failed" + (blocked > 0 ? ", \(blocked) blocked" : "")) }
        let alive = status.workers.filter { $0.state == .alive }.count
        parts.append("\(alive) worker\(alive == 1 ? "" : "s")")
        return parts.joined(separator: compact ? "  " : "; ")
    }

    /// Seconds as people read them: "45 s", "3 min 20 s", "2 h 5 min".
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600) h \(s % 3600 / 60) min" : s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }
}
