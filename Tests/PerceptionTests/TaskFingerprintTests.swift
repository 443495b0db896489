import Testing
import Wire
@testable import Perception

/// The questions themselves, pinned: a change to a renderer or a task that alters a single
/// pixel, word or answer changes every score a stored grid holds, so it must be deliberate.
/// Each value is the start of the SHA-256 of the first 16 training questions of seed 0 (the bits
/// of every image float, the words, the option words and the answer), as the tasks were when
/// the README's runs were made. A speed-up of a renderer keeps them; a new task version updates
/// them, in the same commit as its reason.
@Suite struct TaskFingerprintTests {
    static let expected: [String: String] = [
        "VS": "559c694f04e4725a",
        "AS": "5fa12e3858af503f",
        "VC": "a3413e2f3f1451de",
        "RD": "c58b6ad21f6ae926",
        "RR": "cc150590ad3a4689",
        "SR": "b74d127f5e9b1f52",
        "JG": "e4491190dbe1fd9d",
        "CN": "1522ed1900933851",
        "FC": "00072ac814cee773",
        "SC": "d9ed303673651f86",
        "MR": "a1546e1e6b791fde",
        "OL": "61a58dbdc1875962",
        "FD": "3c9c1c5aa368ef10",
    ]

    static func fingerprint(_ task: PerceptionTask) -> String {
        let hasher = SHA256Hasher()
        for index in 0..<16 {
            let q = TaskGenerator.question(task, split: .train, index: index, seed: 0)
            for image in q.images { image.pixels.withUnsafeBytes { hasher.update($0) } }
            let numbers = q.words.map { Int64($0.rawValue) } + q.optionWords.map(Int64.init) + [Int64(q.answer)]
            numbers.withUnsafeBytes { hasher.update($0) }
        }
        return String(hasher.finish().hex.prefix(16))
    }

    @Test(arguments: PerceptionTask.allCases)
    func questionsAreTheOnesTheRunsUsed(task: PerceptionTask) {
        let value = Self.fingerprint(task)
        #expect(Self.expected[task.abbreviation] == value, "\(task.abbreviation): \(value)")
    }
}
