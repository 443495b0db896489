internal import Grid
internal import Foundation
public import Store

/// Writes `ProgressLine`s: on a terminal, one line redrawn in place; otherwise a plain line every
/// `interval` seconds and whenever a stage finishes. The rate is this run's own, over its last
/// minute (a resumed grid's earlier jobs do not count).
public final class ProgressDisplay {
    let interval: Double
    let terminal = isatty(STDOUT_FILENO) == 1
    private var samples: [(time: Date, done: Int)] = []
    private var lastPlain = Date.distantPast
    private var finishedStages: Set<String>?
    private var drawn = false
    private var lastLine = ""

    public init(interval: Double) {
        self.interval = interval
    }

    /// Jobs per second over the last minute of samples; nil before 2 s of them.
    private func rate(_ status: StoreStatus) -> Double? {
        let now = Date(), done = status.counts[.done] ?? 0
        samples.append((now, done))
        samples.removeAll { now.timeIntervalSince($0.time) > 60 }
        guard let first = samples.first, now.timeIntervalSince(first.time) >= 2 else { return nil }
        return Double(done - first.done) / now.timeIntervalSince(first.time)
    }

    /// `left`: the seconds left (`Store.timeLeft`), nil while unknown.
    public func show(_ status: StoreStatus, left: Double?) {
        let rate = rate(status)
        if terminal {
            write("\r\u{1B}[K" + ProgressLine.bar(status, rate: rate, left: left, width: Self.columns))
            drawn = true
            return
        }
        let finished = Set(status.byKind.filter { $0.value.done == $0.value.total }.keys)
        let stageFinished = finishedStages.map { !finished.isSubset(of: $0) } ?? false
        finishedStages = finished
        if stageFinished || Date().timeIntervalSince(lastPlain) >= interval {
            lastPlain = Date()
            plain(status, rate: rate, left: left)
        }
    }

    /// A message between redraws.
    public func interrupt(_ message: String) {
        write((drawn && terminal ? "\r\u{1B}[K" : "") + message + "\n")
    }

    public func finish(_ status: StoreStatus, left: Double?) {
        let rate = samples.count >= 2 ? rate(status) : nil
        if terminal {
            write("\r\u{1B}[K" + ProgressLine.bar(status, rate: rate, left: left, width: Self.columns) + "\n")
        } else {
            plain(status, rate: rate, left: left)
        }
    }

    /// A plain line, unless it would repeat the last one.
    private func plain(_ status: StoreStatus, rate: Double?, left: Double?) {
        let line = ProgressLine.plain(status, rate: rate, left: left)
        if line != lastLine { write(line + "\n") }
        lastLine = line
    }

    /// Through standard output's buffer, as `print` writes, so the two never interleave out of order.
    private func write(_ text: String) {
        print(text, terminator: "")
        fflush(nil)
    }

    static var columns: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}
