import Testing
import Wire
@testable import Perception

/// The questions themselves, pinned: a change to a renderer or a task that alters a single
/// pixel, word or answer changes every score a stored grid holds, so it must be deliberate.
/// Each value is the FNV-1a digest of the first 16 training questions of seed 0 (the bits of
/// every image float, the words, the option words and the answer), as the tasks were when the
/// README's runs were made. A speed-up of a renderer keeps them; a new task version updates
/// them, in the same commit as its reason.
@Suite struct TaskFingerprintTests {
    static let expected: [String: UInt64] = [
        "VS": 0x8c874ce16ab60bae,
        "AS": 0xef6a572d051a164f,
        "VC": 0x6f4776ab9ac53e46,
        "RD": 0x158e88a3e281f9cb,
        "RR": 0x147dd66b06659b4f,
        "SR": 0xfc6eece346777fb3,
        "JG": 0x897b6d71b9decffc,
        "CN": 0xa760dced508fccfa,
        "FC": 0x3e18226ae95ea467,
        "SC": 0x816dae4583578b97,
        "MR": 0xe8a53a806c3e1bd0,
        "OL": 0x8456ab2cdd280a21,
        "FD": 0x86f3a498fd340711,
    ]

    static func fingerprint(_ task: PerceptionTask) -> UInt64 {
        var digest = FNV1a()
        for index in 0..<16 {
            let q = TaskGenerator.question(task, split: .train, index: index, seed: 0)
            for image in q.images { for value in image.pixels { digest.add(UInt64(value.bitPattern)) } }
            for word in q.words { digest.add(UInt64(word.rawValue)) }
            for word in q.optionWords { digest.add(UInt64(word)) }
            digest.add(UInt64(q.answer))
        }
        return digest.value
    }

    @Test(arguments: PerceptionTask.allCases)
    func questionsAreTheOnesTheRunsUsed(task: PerceptionTask) {
        let value = Self.fingerprint(task)
        #expect(Self.expected[task.abbreviation] == value, "\(task.abbreviation): 0x\(String(value, radix: 16))")
    }
}

/// 64-bit FNV-1a over 64-bit words, byte by byte.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            value ^= (word >> UInt64(shift)) & 0xff
            value &*= 0x0000_0100_0000_01b3
        }
    }
}
