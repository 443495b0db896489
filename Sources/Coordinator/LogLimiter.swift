/// At most `perWindow` lines per kind of noise in each window; the rest are counted and
/// reported in one line when the next window opens. A flood of garbage costs a few lines.
struct LogLimiter {
    let perWindow: Int
    let windowMilliseconds: UInt64
    private var windowStart: UInt64 = 0
    private var printed: [String: Int] = [:]
    private var suppressed: [String: Int] = [:]

    init(perWindow: Int = 5, windowMilliseconds: UInt64 = 10_000) {
        self.perWindow = perWindow
        self.windowMilliseconds = windowMilliseconds
    }

    /// The lines to log now for one event of `kind` (possibly none, possibly a summary first).
    mutating func lines(kind: String, _ line: @autoclosure () -> String, now: UInt64) -> [String] {
        var out: [String] = []
        if now >= windowStart + windowMilliseconds {
            for (k, n) in suppressed.sorted(by: { $0.key < $1.key }) where n > 0 {
                out.append("\(n) more \(k) message(s) ignored in the last \(windowMilliseconds / 1000) s")
            }
            windowStart = now
            printed = [:]
            suppressed = [:]
        }
        if printed[kind, default: 0] < perWindow {
            printed[kind, default: 0] += 1
            out.append(line())
        } else {
            suppressed[kind, default: 0] += 1
        }
        return out
    }
}
