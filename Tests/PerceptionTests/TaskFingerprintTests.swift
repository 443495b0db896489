import Hashing
import Core
import Testing
@testable import Perception

/// The questions themselves, pinned: a change to a renderer or a task that alters a single
/// pixel, word or answer changes every score a stored grid holds, so it must be deliberate.
/// Each value is the start of the SHA-256 of the first 16 training questions of seed 0 (the bits
/// of every image float, the words, the option words and the answer), as the tasks were when
/// the calibration journal's runs were made. A speed-up of a renderer keeps them; a new task version updates
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

    /// The newer versions (`TaskVersions`), pinned the same way; version 1 stays pinned above.
    static let expectedNewer: [String: String] = [
        "FD v2": "33c1b07c6c4bfff3",
        "FD v3": "339e827bbee17d07",
    ]

    static func fingerprint(_ task: PerceptionTask, version: Int = 1) -> String {
        let hasher = SHA256Hasher()
        for index in 0..<16 {
            let q = TaskGenerator.question(task, split: .train, index: index, seed: 0, version: version)
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

    @Test func newerVersionsAreTheOnesTheRunsUsed() {
        for task in PerceptionTask.allCases where task.latestVersion > 1 {
            for version in 2...task.latestVersion {
                let key = "\(task.abbreviation) v\(version)"
                let value = Self.fingerprint(task, version: version)
                #expect(Self.expectedNewer[key] == value, "\(key): \(value)")
            }
        }
    }

    /// FD versions 2 and 3 are version 1 with a rim: the same answer, the same three real
    /// images, and in the fake one some pixels changed, each as its version's rim changes it.
    @Test(arguments: [2, 3])
    func forensicRimsChangeTheFakeAlone(version: Int) {
        let rim = ForensicDetectionTask.rim, blend = ForensicDetectionTask.rimBlend, jag = ForensicDetectionTask.jag
        for index in 0..<32 {
            let v1 = TaskGenerator.question(.forensicDetection, split: .evaluation, index: index, seed: 5)
            let newer = TaskGenerator.question(.forensicDetection, split: .evaluation, index: index, seed: 5, version: version)
            #expect(v1.answer == newer.answer && v1.words == newer.words && v1.text == newer.text)
            for slot in 0..<4 where slot != v1.answer { #expect(v1.images[slot] == newer.images[slot], "question \(index) image \(slot)") }
            let (fake1, fake) = (v1.images[v1.answer], newer.images[newer.answer])
            var rimPixels = 0
            for y in 0..<fake1.size {
                for x in 0..<fake1.size where fake1[x, y] != fake[x, y] {
                    let old = fake1[x, y]
                    let step: Float = (x + y) % 2 == 0 ? jag : -jag
                    let expected = version == 2 ? old * (1 - blend) + rim * blend
                        : RGB(min(max(old.r + step, 0), 1), min(max(old.g + step, 0), 1), min(max(old.b + step, 0), 1))
                    #expect(abs(fake[x, y].r - expected.r) < 1e-6 && abs(fake[x, y].g - expected.g) < 1e-6
                            && abs(fake[x, y].b - expected.b) < 1e-6, "question \(index) pixel (\(x), \(y))")
                    rimPixels += 1
                }
            }
            // An outline: a few pixels at least, never most of the image.
            #expect(rimPixels >= 3 && rimPixels <= fake1.size * fake1.size / 4, "question \(index): \(rimPixels) rim pixels")
        }
    }
}
