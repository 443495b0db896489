import Core
import Testing
@testable import Wire

/// An ASSIGN is data, never a command: a model name or given base holding shell
/// metacharacters is refused where the frame is decoded, naming the field, before any worker
/// code sees it (strings the rules allow, such as `../` in a job id, are harmless: the worker
/// names job folders by a digest of the id and runs only its configured command).
@Suite struct CraftedAssignTests {
    let codec = WireCodec()

    func frame(model: String, givenBase: String, jobID: String = "grid.eval.qwen.s0.base.AS") throws -> [UInt8] {
        var hp = Hyperparameters(steps: 1, batchSize: 1, learningRate: 0.1, warmupSteps: 0, weightDecay: 0, gradClip: 1,
                                 loraRank: 8, loraAlpha: 16, trainExamples: 1, evalExamples: 2, blasThreads: 1, stagedTasks: false)
        hp.baseSeed = 0
        var job = JobSpec(id: jobID, gridHash: try #require(SHA256Digest(hex: String(repeating: "ab", count: 32))), kind: .evaluate, model: try #require(ModelName(model)),
                          seed: 0, target: .artStyle, preset: "crafted", hyperparameters: hp)
        job.givenBase = givenBase
        return try codec.encode(.assign(Assign(job: job, attempt: 1, leaseMilliseconds: 60_000)))
    }

    /// The frame with `old` replaced by `new` (same length, so the protobuf stays well formed).
    func replacing(_ frame: [UInt8], _ old: String, _ new: String) -> [UInt8] {
        let from = Array(old.utf8), to = Array(new.utf8)
        precondition(from.count == to.count)
        var bytes = frame
        guard let start = (0...(bytes.count - from.count)).first(where: { Array(bytes[$0..<($0 + from.count)]) == from }) else { return bytes }
        bytes.replaceSubrange(start..<(start + from.count), with: to)
        return bytes
    }

    @Test func shellMetacharactersInAnAssignAreRefusedAtDecoding() throws {
        let valid = try frame(model: "qwenmodel", givenBase: "Qwen/Base-Model")
        #expect(try codec.decode(valid).name == "ASSIGN")
        let crafted: [(String, String, String)] = [
            ("qwenmodel", "q;rm -rf", "Assign.job.model"),
            ("qwenmodel", "$(reboot", "Assign.job.model"),
            ("Qwen/Base-Model", "`id`;echo$IFS", "Assign.job.given_base"),
            ("Qwen/Base-Model", "a|b&c>d<e'f\"g", "Assign.job.given_base"),
        ]
        for (old, new, field) in crafted {
            let padded = String(new.prefix(old.utf8.count)) + String(repeating: ";", count: max(0, old.utf8.count - new.utf8.count))
            do throws(WireError) {
                let message = try codec.decode(replacing(valid, old, padded))
                Issue.record("decoded \(message) with \(padded)")
            } catch {
                #expect(error.field == field, "\(error)")
            }
        }
        // A job id with `../` passes the identifier rule (ids hold / and .); that it names no
        // path is the worker's part (ClusterTests' RunnerTests check it with a real worker).
        #expect(try codec.decode(frame(model: "qwenmodel", givenBase: "Qwen/Base-Model", jobID: "../../../etc/x")).name == "ASSIGN")
    }

    /// A runner's evaluation names its question set; only an evaluation may.
    @Test func aResultCarriesItsQuestionSetAndOnlyAnEvaluationDoes() throws {
        let set = try #require(SHA256Digest(hex: String(repeating: "5e", count: 32)))
        let scored = Message.result(JobResult(jobID: "j", attempt: 1, outcome: .evaluation(CorrectnessBits([true, false])),
                                              durationMilliseconds: 3, questionsDigest: set))
        #expect(try codec.decode(codec.encode(scored)) == scored)
        let trained = Message.result(JobResult(jobID: "j", attempt: 1, outcome: .artifact(ArtifactRef(role: .loraAdapter, digest: set, sizeBytes: 1), finalLoss: 0),
                                               durationMilliseconds: 3, questionsDigest: set))
        #expect(throws: WireError.self) { try codec.encode(trained) }
    }
}
