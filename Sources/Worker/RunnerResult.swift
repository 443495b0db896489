internal import Core
internal import Foundation

/// What a runner's `result.json` says, read strictly: a field that is missing, of the wrong
/// type or inconsistent is an error naming it, never a crash and never a half-read result.
///
/// An evaluation writes `n_correct`, `n_total`, `correct` (one boolean per question, in the
/// question set's order) and `questions_digest` (64 hex digits naming the question set, so
/// cells compare only like with like). A training job writes `output` (a file or folder
/// inside its job folder) and may write `final_loss`.
enum RunnerResult: Equatable {
    case evaluation(correct: [Bool], questionsDigest: String)
    case training(output: String, finalLoss: Float)

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    private struct Evaluation: Decodable {
        let n_correct: Int
        let n_total: Int
        let correct: [Bool]
        let questions_digest: String
    }

    private struct Training: Decodable {
        let output: String
        let final_loss: Double?
    }

    /// Reads the result of a job of `kind` from the bytes of `result.json`.
    static func parse(_ data: Data, kind: JobKind) throws(Problem) -> RunnerResult {
        switch kind {
        case .evaluate:
            let result = try decode(Evaluation.self, data)
            guard result.n_total >= 0, result.n_correct >= 0 else { throw Problem(description: "result.json: n_correct and n_total must not be negative") }
            guard result.correct.count == result.n_total else {
                throw Problem(description: "result.json: correct lists \(result.correct.count) question(s) but n_total is \(result.n_total)")
            }
            let trues = result.correct.filter { $0 }.count
            guard trues == result.n_correct else {
                throw Problem(description: "result.json: n_correct is \(result.n_correct) but correct holds \(trues) true")
            }
            let digest = result.questions_digest.lowercased()
            guard SHA256Digest(hex: digest) != nil else {
                throw Problem(description: "result.json: questions_digest \"\(digest.prefix(80))\" is not 64 hex digits")
            }
            return .evaluation(correct: result.correct, questionsDigest: digest)
        case .pretrain, .finetune:
            let result = try decode(Training.self, data)
            let components = result.output.split(separator: "/", omittingEmptySubsequences: true)
            guard !result.output.isEmpty, !result.output.hasPrefix("/"), !components.contains(where: { $0 == ".." }) else {
                throw Problem(description: "result.json: output \"\(result.output.prefix(200))\" is not a path inside the job folder")
            }
            return .training(output: result.output, finalLoss: result.final_loss.map(Float.init) ?? .nan)
        case .noop:
            throw Problem(description: "a noop job has no runner result")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(Problem) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw Problem(description: "result.json has no \(key.stringValue)")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw Problem(description: "result.json: \(path(context)) is not \(expected == Bool.self ? "true or false" : expected == String.self ? "a string" : "a number of that kind")")
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem(description: "result.json: \(path(context)) is null")
        } catch {
            throw Problem(description: "result.json is not a JSON object of the runner contract: \(error)")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}
