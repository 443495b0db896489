import Core
import Foundation
import Testing
@testable import Engine

@Suite struct CheckpointTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("transfergrid-\(UUID().uuidString)-\(name)").path
    }

    func expectError(_ code: EngineError.Code, containing text: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("no error; expected \(code)", sourceLocation: sourceLocation)
        } catch let error as EngineError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error) is not an EngineError", sourceLocation: sourceLocation)
        }
    }

    @Test func baseAndAdaptersRoundTrip() throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 11)
        model.addAdapters(rank: 4, alpha: 8, seed: 12)
        var random = RandomSource(seed: 13)
        for p in model.adapterParameters { random.fillNormal(p.value, std: 0.1) }
        let input = TinyModel.input()
        let expected = try model.forward(input).logits

        let base = Self.temporaryPath("base.safetensors"), adapter = Self.temporaryPath("adapter.safetensors")
        defer { try? FileManager.default.removeItem(atPath: base); try? FileManager.default.removeItem(atPath: adapter) }
        try Checkpoint.saveBase(model, to: base)
        try Checkpoint.saveAdapters(model, to: adapter)
        let loaded = try Checkpoint.loadBase(from: base)
        #expect(loaded.config == model.config)
        #expect(!loaded.hasAdapters)
        try Checkpoint.loadAdapters(into: loaded, from: adapter)
        #expect(try loaded.forward(input).logits.map(\.bitPattern) == expected.map(\.bitPattern))
        // The adapter file holds only the adapters: a small fraction of the base.
        let baseSize = try FileManager.default.attributesOfItem(atPath: base)[.size] as? Int ?? 0
        let adapterSize = try FileManager.default.attributesOfItem(atPath: adapter)[.size] as? Int ?? 0
        #expect(adapterSize < baseSize)
        #expect(model.config.loraParameterCount(rank: 4) == model.adapterParameters.reduce(0) { $0 + $1.value.count })
        #expect(model.config.parameterCount == model.baseParameters.reduce(0) { $0 + $1.value.count })
    }

    @Test func damagedFilesAreRejected() throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 1)
        let path = Self.temporaryPath("base.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.saveBase(model, to: path)
        let bytes = try AtomicFile.read(path)

        for cut in [0, 5, 8, 100, bytes.count / 2, bytes.count - 1] {
            try AtomicFile.write(Array(bytes.prefix(cut)), to: path)
            expectError(.corruptCheckpoint, containing: path) { _ = try Checkpoint.loadBase(from: path) }
        }
        var flipped = bytes
        flipped[bytes.count - 10] ^= 0x04  // one bit of tensor data
        try AtomicFile.write(flipped, to: path)
        expectError(.corruptCheckpoint, containing: "checksum") { _ = try Checkpoint.loadBase(from: path) }
        var header = bytes
        header[8] = UInt8(ascii: "#")  // the opening brace: no longer JSON
        try AtomicFile.write(header, to: path)
        expectError(.corruptCheckpoint, containing: "JSON") { _ = try Checkpoint.loadBase(from: path) }
        expectError(.io, containing: "No such file") { _ = try Checkpoint.loadBase(from: path + ".missing") }
    }

    @Test func mismatchesAreNamed() throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 1)
        let path = Self.temporaryPath("x.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // An adapter file is not a base checkpoint, and the other way round.
        model.addAdapters(rank: 2, alpha: 4, seed: 1)
        try Checkpoint.saveAdapters(model, to: path)
        expectError(.checkpointMismatch, containing: "expected a base checkpoint") { _ = try Checkpoint.loadBase(from: path) }
        // Adapters of another model shape.
        var other = TinyModel.config
        other.width = 24
        other.heads = 2
        let bigger = try VisionLanguageModel(config: other, seed: 1)
        expectError(.checkpointMismatch, containing: "adapters for") { try Checkpoint.loadAdapters(into: bigger, from: path) }
        // A tensor of the wrong shape, one missing, one of another dtype.
        let shapes = model.baseParameters.map { SafeTensors.Entry(name: $0.name, shape: $0.shape, values: $0.value.values) }
        var wrongShape = shapes
        wrongShape[0] = SafeTensors.Entry(name: shapes[0].name, shape: [shapes[0].values.count], values: shapes[0].values)
        let metadata = ["transfergrid.kind": "base", "transfergrid.config": #"{"channels":3,"depth":2,"heads":2,"imageSize":8,"maxImages":2,"maxQuestionTokens":4,"mlpRatio":4,"options":4,"patchSize":4,"vocabularySize":10,"width":16}"#]
        try AtomicFile.write(SafeTensors.encode(wrongShape, metadata: metadata), to: path)
        expectError(.checkpointMismatch, containing: "has shape") { _ = try Checkpoint.loadBase(from: path) }
        try AtomicFile.write(SafeTensors.encode(Array(shapes.dropLast()), metadata: metadata), to: path)
        expectError(.checkpointMismatch, containing: "is missing") { _ = try Checkpoint.loadBase(from: path) }
        var f16 = try AtomicFile.read(path)
        if let range = f16.firstRange(of: Array(#""F32""#.utf8)) { f16.replaceSubrange(range, with: Array(#""F16""#.utf8)) }
        try AtomicFile.write(f16, to: path)
        expectError(.checkpointMismatch, containing: "F16") { _ = try Checkpoint.loadBase(from: path) }
    }

    /// Python's safetensors reads what the engine writes (names, shapes, values).
    @Test func pythonSafetensorsReadsTheEngineFile() throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 21)
        let path = Self.temporaryPath("python.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.saveBase(model, to: path)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/read_checkpoint.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 scripts/read_checkpoint.py failed (is safetensors installed? make deps installs it)")
        // The script prints one line per tensor: name, shape, sum of values.
        var lines = [String: String]()
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { lines[String(parts[0])] = String(parts[1]) }
        }
        #expect(lines.count == model.baseParameters.count)
        for p in model.baseParameters {
            let sum = p.value.values.reduce(0.0) { $0 + Double($1) }
            let expected = "\(p.shape.map(String.init).joined(separator: "x")) \(String(format: "%.4f", sum))"
            #expect(lines[p.name] == expected, "\(p.name)")
        }
    }
}
