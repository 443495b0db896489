public import Core
internal import Engine
internal import Foundation
internal import Hashing
public import Perception

/// A task's questions for outside code (`transfergrid tasks export`, a runner), laid out close
/// to BLINK's: `questions.jsonl` (one line per question: `images`, `question`, `choices`,
/// `answer` as "(A)", and the engine's own input, `tokens` and `option_positions`), the images
/// as PNG files under `images/`, their exact pixels in `pixels.npy` (float32, shape count x
/// images x size x size x 3; the PNGs hold them rounded to 8 bits), and `manifest.json`.
///
/// The questions are those the engine draws for the same (task, split, seed, version, shift):
/// question i of the export is `TaskGenerator.question(task, split, index: i, ...)`. The
/// manifest's `questions_digest` is the SHA-256 of `questions.jsonl` followed by `pixels.npy`:
/// an evaluation on this set reports it, so cells compare only like with like.
public struct QuestionExport: Hashable, Sendable {
    public var task: PerceptionTask
    public var split: Split
    public var seed: UInt64
    public var count: Int
    public var version: Int
    public var shift: DomainShift

    public init(task: PerceptionTask, split: Split, seed: UInt64, count: Int, version: Int = 1, shift: DomainShift = .none) {
        (self.task, self.split, self.seed, self.count, self.version, self.shift) = (task, split, seed, count, version, shift)
    }

    /// The export's description in job.json and manifest.json.
    public var fields: [String: Any] {
        ["task": task.abbreviation, "split": split.description, "seed": NSNumber(value: seed), "count": count, "version": version,
         "shift": [Double(shift.contrast), Double(shift.cast), Double(shift.noise)]]
    }

    /// Writes the export into `folder` (created) and returns its questions digest.
    @discardableResult
    public func write(to folder: String) throws -> SHA256Digest {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/images", withIntermediateDirectories: true)
        let length = ModelSize.small.engineConfig.maxQuestionTokens
        var lines = Data(), pixels: [Float] = []
        for index in 0..<count {
            let question = TaskGenerator.question(task, split: split, index: index, seed: seed, version: version, shift: shift)
            var images: [String] = []
            for (k, image) in question.images.enumerated() {
                let name = String(format: "images/%06d_%d.png", index, k)
                guard manager.createFile(atPath: folder + "/" + name, contents: Data(PNG.encode(image))) else {
                    throw WorkerError("cannot write \(folder)/\(name)")
                }
                images.append(name)
                pixels += image.pixels
            }
            let line: [String: Any] = [
                "index": index, "task": task.abbreviation, "images": images, "question": question.prompt, "choices": question.options,
                "answer": "(\(Character(UnicodeScalar(UInt8(65 + question.answer)))))", "answer_index": question.answer,
                "tokens": Tokenizer.tokens(question, length: length).map(Int.init),
                "option_positions": question.optionWords.map { $0 + 1 },
            ]
            lines += try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
            lines.append(10)
        }
        let size = TaskGenerator.imageSize
        let npy = Self.npy(pixels, shape: [count, task.imagesPerQuestion, size, size, 3])
        guard manager.createFile(atPath: folder + "/questions.jsonl", contents: lines),
              manager.createFile(atPath: folder + "/pixels.npy", contents: npy) else {
            throw WorkerError("cannot write the questions into \(folder)")
        }
        let digest = SHA256Digest.of([UInt8](lines) + [UInt8](npy))
        var manifest = fields
        manifest["questions_digest"] = digest.hex
        manifest["image_size"] = size
        manifest["options"] = task.optionCount
        manifest["images_per_question"] = task.imagesPerQuestion
        guard manager.createFile(atPath: folder + "/manifest.json",
                                 contents: try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])) else {
            throw WorkerError("cannot write \(folder)/manifest.json")
        }
        return digest
    }

    /// A NumPy `.npy` file (format 1.0) of little-endian float32 in C order.
    static func npy(_ values: [Float], shape: [Int]) -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        return data
    }
}
