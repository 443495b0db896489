import Core
import Foundation
import Hashing
import Perception
import Testing
@testable import Worker

/// The runner contract's pieces without processes: the normalised archive, result.json, the
/// command's configuration and the question export.
@Suite struct RunnerContractTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runner-contract-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// A path over ustar's 100-byte name field: stored with a prefix.
    static let long = "weights/deep/" + String(repeating: "x", count: 70) + "/" + String(repeating: "y", count: 70) + "/tail.bin"

    @Test func equalOutputsArchiveToEqualBytesWhateverTheirTimesAndOrder() throws {
        let root = try Self.scratch()
        for (name, delay) in [("a", 0.0), ("b", 1.1)] {
            // Files written in another order and at another time.
            let files = ["weights/adapter.safetensors", "config.json", Self.long]
            for file in name == "a" ? files : files.reversed() {
                try Self.write("content of \(file)", "\(root)/\(name)/\(file)")
            }
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            try NormalisedArchive.write("\(root)/\(name)", to: "\(root)/\(name).tar")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/a.tar")), b = try Data(contentsOf: URL(fileURLWithPath: "\(root)/b.tar"))
        #expect(a == b)
        #expect(a.count % 512 == 0)
        try NormalisedArchive.extract("\(root)/a.tar", into: "\(root)/out")
        #expect(try String(contentsOfFile: "\(root)/out/weights/adapter.safetensors", encoding: .utf8) == "content of weights/adapter.safetensors")
        #expect(FileManager.default.fileExists(atPath: "\(root)/out/" + Self.long))
        // GNU tar reads it too: the form is plain ustar.
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-tf", "\(root)/a.tar"]
        let pipe = Pipe()
        tar.standardOutput = pipe
        try tar.run()
        tar.waitUntilExit()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(tar.terminationStatus == 0 && listing.contains("config.json") && listing.contains("weights/adapter.safetensors"), "\(listing)")
    }

    @Test func anOutputWithALinkIsRefusedAndAnArchiveCannotWriteOutsideItsFolder() throws {
        let root = try Self.scratch()
        try Self.write("x", "\(root)/out/file")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/out/link", withDestinationPath: "/etc/passwd")
        #expect(throws: NormalisedArchive.Failure.self) { try NormalisedArchive.write("\(root)/out", to: "\(root)/out.tar") }
        // A crafted archive naming ../escaped: refused, nothing written outside.
        try Self.write("y", "\(root)/plain/escaped")
        try NormalisedArchive.write("\(root)/plain/escaped", to: "\(root)/one.tar")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(root)/one.tar")))
        let name = Array("../escaped".utf8)
        for i in 0..<100 { bytes[i] = i < name.count ? name[i] : 0 }
        for i in 148..<156 { bytes[i] = 32 }
        let sum = bytes[0..<512].reduce(0) { $0 + Int($1) }
        let field = Array(String(sum, radix: 8).utf8)
        for i in 0..<6 { bytes[148 + i] = i < 6 - field.count ? 48 : field[i - (6 - field.count)] }
        (bytes[154], bytes[155]) = (0, 32)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/evil.tar"))
        #expect(throws: NormalisedArchive.Failure.self) { try NormalisedArchive.extract("\(root)/evil.tar", into: "\(root)/dest") }
        #expect(!FileManager.default.fileExists(atPath: "\(root)/escaped"))
        // A flipped byte breaks the header's checksum.
        bytes[20] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/damaged.tar"))
        #expect(throws: NormalisedArchive.Failure.self) { try NormalisedArchive.extract("\(root)/damaged.tar", into: "\(root)/dest2") }
    }

    @Test func resultJSONIsReadStrictlyAndEveryProblemNamesItsField() throws {
        let digest = String(repeating: "ab", count: 32)
        func evaluation(_ text: String) throws(RunnerResult.Problem) -> RunnerResult { try RunnerResult.parse(Data(text.utf8), kind: .evaluate) }
        #expect(try evaluation(#"{"n_correct": 1, "n_total": 2, "correct": [true, false], "questions_digest": "\#(digest)"}"#)
            == .evaluation(correct: [true, false], questionsDigest: digest))
        let problems: [(String, String)] = [
            (#"{"n_total": 2, "correct": [true, false], "questions_digest": "\#(digest)"}"#, "has no n_correct"),
            (#"{"n_correct": 1, "n_total": 3, "correct": [true, false], "questions_digest": "\#(digest)"}"#, "correct lists 2 question(s) but n_total is 3"),
            (#"{"n_correct": 2, "n_total": 2, "correct": [true, false], "questions_digest": "\#(digest)"}"#, "n_correct is 2 but correct holds 1 true"),
            (#"{"n_correct": 1, "n_total": 2, "correct": [1, 0], "questions_digest": "\#(digest)"}"#, "correct[0] is not true or false"),
            (#"{"n_correct": 1, "n_total": 2, "correct": [true, false], "questions_digest": "abc"}"#, "questions_digest \"abc\" is not 64 hex digits"),
            (#"[1, 2]"#, "result.json"),
            (#"not json"#, "result.json"),
        ]
        for (text, expected) in problems {
            #expect(throws: RunnerResult.Problem.self) { try evaluation(text) }
            do { _ = try evaluation(text) } catch { #expect(error.description.contains(expected), "\(error.description)") }
        }
        #expect(try RunnerResult.parse(Data(#"{"output": "out", "final_loss": 0.5}"#.utf8), kind: .finetune) == .training(output: "out", finalLoss: 0.5))
        for (text, expected) in [(#"{"output": "../up"}"#, "not a path inside the job folder"), (#"{"output": "/etc"}"#, "not a path inside"),
                                 (#"{"output": 5}"#, "output is not a string"), (#"{}"#, "has no output")] {
            do {
                _ = try RunnerResult.parse(Data(text.utf8), kind: .pretrain)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }
    }

    @Test func aRunnerIsConfiguredOnTheWorkerWithACheckedModelName() throws {
        let runner = try RunnerCommand(parsing: "qwen-3b=python3  /opt/run.py --flag", timeoutSeconds: 60)
        #expect(runner.model.rawValue == "qwen-3b" && runner.arguments == ["python3", "/opt/run.py", "--flag"] && runner.timeoutSeconds == 60)
        for bad in ["no-equals", "small=python3 x.py", "Bad;Name=x", "name=", "=python3"] {
            #expect(throws: WorkerError.self, "\(bad)") { try RunnerCommand(parsing: bad) }
        }
        let root = try Self.scratch()
        try Self.write("qwen:\n  command: [python3, /opt/my runner.py]\n  timeout: 7200\n", "\(root)/runners.yaml")
        let loaded = try RunnersFile.load(path: "\(root)/runners.yaml")
        #expect(loaded.count == 1 && loaded[0].arguments == ["python3", "/opt/my runner.py"] && loaded[0].timeoutSeconds == 7200)
        try Self.write("qwen: {command: python3}\n", "\(root)/bad.yaml")
        #expect(throws: WorkerError.self) { try RunnersFile.load(path: "\(root)/bad.yaml") }
    }

    @Test func anExportIsTheEnginesQuestionsAndItsDigestNamesThem() throws {
        let root = try Self.scratch()
        let export = QuestionExport(task: .relativeDepth, split: .evaluation, seed: 11, count: 5)
        let digest = try export.write(to: "\(root)/a")
        #expect(try export.write(to: "\(root)/b") == digest)
        #expect(try QuestionExport(task: .relativeDepth, split: .evaluation, seed: 12, count: 5).write(to: "\(root)/c") != digest)
        let lines = try String(contentsOfFile: "\(root)/a/questions.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let question = TaskGenerator.question(.relativeDepth, split: .evaluation, index: 0, seed: 11)
        #expect(first["question"] as? String == question.prompt && first["choices"] as? [String] == question.options)
        #expect(first["answer_index"] as? Int == question.answer)
        let npy = try Data(contentsOf: URL(fileURLWithPath: "\(root)/a/pixels.npy"))
        #expect(npy.count == 128 + 5 * 32 * 32 * 3 * 4)
        let pixels = npy.dropFirst(128).withUnsafeBytes { Array($0.bindMemory(to: Float.self).prefix(32 * 32 * 3)) }
        #expect(pixels == question.images[0].pixels)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(root)/a/manifest.json"))) as? [String: Any])
        #expect(manifest["questions_digest"] as? String == digest.hex)
    }
}
