import Foundation
import Store

/// Writes `ProgressLine`s: on a terminal, one line redrawn in place; otherwise a plain line every
/// `interval` seconds and whenever a stage finishes.
final class ProgressDisplay {
    let interval: Double
    let terminal = isatty(STDOUT_FILENO) == 1
    private var lastPlain = Date.distantPast
    private var finishedStages: Set<String>?
    private var drawn = false
    private var lastLine = ""

    init(interval: Double) {
        self.interval = interval
    }

    func show(_ status: StoreStatus) {
        if terminal {
            write("\r\u{1B}[K" + ProgressLine.bar(status, width: Self.columns))
            drawn = true
            return
        }
        let finished = Set(status.byKind.filter { $0.value.done == $0.value.total }.keys)
        let stageFinished = finishedStages.map { !finished.isSubset(of: $0) } ?? false
        finishedStages = finished
        if stageFinished || Date().timeIntervalSince(lastPlain) >= interval {
            lastPlain = Date()
            plain(status)
        }
    }

    /// A message between redraws.
    func interrupt(_ message: String) {
        write((drawn && terminal ? "\r\u{1B}[K" : "") + message + "\n")
    }

    func finish(_ status: StoreStatus) {
        if terminal { write("\r\u{1B}[K" + ProgressLine.bar(status, width: Self.columns) + "\n") } else { plain(status) }
    }

    /// A plain line, unless it would repeat the last one.
    private func plain(_ status: StoreStatus) {
        let line = ProgressLine.plain(status)
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
