/// The format control of one model: a finetune on all tasks with shuffled labels teaches the
/// answer format and nothing about the images, so its PGF on a target is what any finetune
/// gains (or loses) from the format alone. A pair's transfer is perceptual only as far as it
/// exceeds that.
public struct FormatControl: Hashable, Sendable, Codable {
    /// The control's seed-mean PGF per target (nil where no run defines it).
    public var perTarget: [Double?]
    /// The mean of `perTarget` over the targets that have it.
    public var mean: Double?
    /// Off-diagonal pairs (both defined) whose seed-mean PGF is above the control's on the
    /// same target, and below it.
    public var pairsAbove: Int
    public var pairsBelow: Int
    /// Tasks whose self-transfer (diagonal) is above the control's on that task.
    public var diagonalAbove: Int

    /// - Parameters:
    ///   - mean: the seed-mean PGF matrix [source][target].
    ///   - control: control[run][target].
    public init(mean: [[Double?]], control: [[Double?]]) {
        let n = mean.count
        perTarget = (0..<n).map { j in
            let values = control.compactMap { j < $0.count ? $0[j] : nil }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        let defined = perTarget.compactMap { $0 }
        self.mean = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        var above = 0, below = 0, diagonal = 0
        for i in 0..<n {
            for j in 0..<n {
                guard let value = mean[i][j], let floor = perTarget[j] else { continue }
                if i == j {
                    if value > floor { diagonal += 1 }
                } else if value > floor {
                    above += 1
                } else if value < floor {
                    below += 1
                }
            }
        }
        pairsAbove = above
        pairsBelow = below
        diagonalAbove = diagonal
    }
}
