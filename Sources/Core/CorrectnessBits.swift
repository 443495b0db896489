/// Per-question correctness of one evaluation: one bit per question, packed LSB first.
///
/// Kept with every result so that PGF, bootstrap intervals and any later analysis can be
/// computed from the store alone.
public struct CorrectnessBits: Hashable, Sendable {
    /// The packed bits: `(count + 7) / 8` bytes, unused high bits of the last byte zero.
    public let packed: [UInt8]
    /// Number of questions.
    public let count: Int

    public init(_ answers: [Bool]) {
        var packed = [UInt8](repeating: 0, count: (answers.count + 7) / 8)
        for (index, right) in answers.enumerated() where right {
            packed[index / 8] |= 1 << UInt8(index % 8)
        }
        self.packed = packed
        self.count = answers.count
    }

    /// Checks and wraps packed bits for `count` questions.
    public init(packed: [UInt8], count: Int) throws(Malformed) {
        guard count >= 0 else { throw Malformed(detail: "question count \(count) is negative") }
        let expectedBytes = (count + 7) / 8
        guard packed.count == expectedBytes else {
            throw Malformed(detail: "\(count) questions need \(expectedBytes) bytes, got \(packed.count)")
        }
        if count % 8 != 0, let last = packed.last, last >> UInt8(count % 8) != 0 {
            throw Malformed(detail: "bits set past question \(count)")
        }
        self.packed = packed
        self.count = count
    }

    /// Packed bits that do not fit their question count: what was wrong, with the values.
    public struct Malformed: Error, Hashable, Sendable, CustomStringConvertible {
        public let detail: String
        public var description: String { detail }
    }

    public subscript(index: Int) -> Bool {
        precondition(index >= 0 && index < count, "question \(index) out of 0..<\(count)")
        return packed[index / 8] >> UInt8(index % 8) & 1 == 1
    }

    /// Questions answered right.
    public var correctCount: Int { packed.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var answers: [Bool] { (0..<count).map { self[$0] } }
}

extension CorrectnessBits: CustomStringConvertible {
    public var description: String { "\(correctCount)/\(count) correct" }
}
