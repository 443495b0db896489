import Core
import Foundation
import Testing
import Wire
import ZeroMQ

/// A foreign client posing as a coordinator sends a real worker an ASSIGN whose strings try to
/// reach a shell or leave the worker's folder: the worker runs only its configured command,
/// with exactly its configured arguments, inside its own folder.
@Suite struct CraftedAssignWorkerTests {
    static let witness = #"""
    import json, os, sys
    job = json.load(open(os.environ["TRANSFERGRID_JOB"]))
    json.dump({"argv": sys.argv, "cwd": os.getcwd(), "job_id": job["job_id"], "given_base": job["given_base"]}, open(sys.argv[1], "w"))
    n = job["hyperparameters"]["eval_examples"]
    json.dump({"n_correct": 0, "n_total": n, "correct": [False] * n, "questions_digest": "00" * 32}, open("result.json", "w"))
    """#

    @Test func anAssignRunsOnlyTheConfiguredCommandInsideTheWorkersFolder() throws {
        let cluster = try Cluster("crafted-assign")
        let escape = "/tmp/escape-\(UUID().uuidString.prefix(8))"
        try Self.witness.write(toFile: cluster.path("witness.py"), atomically: true, encoding: .utf8)
        let context = try Context()
        let router = try context.socket(.router)
        try router.set(.linger, 0)
        try router.bind(cluster.endpoint)
        try cluster.worker("target", ["--no-engine", "--runner", "qwen=python3 \(cluster.path("witness.py")) \(cluster.path("witness.json"))"])
        let codec = WireCodec()
        func next(_ name: String) throws -> (identity: Frame, message: Message) {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let frames = try router.receive(dontWait: true), frames.count == 2, let message = try? codec.decode(frames[1]), message.name == name {
                    return (frames[0], message)
                }
                usleep(10_000)
            }
            throw NetworkHostsError(description: "no \(name) from the worker: \(cluster.log("target"))")
        }
        let (identity, _) = try next("READY")
        try router.send([identity, try codec.encode(.ack(.ready))])
        var hp = Hyperparameters(steps: 1, batchSize: 1, learningRate: 0.1, warmupSteps: 0, weightDecay: 0, gradClip: 1,
                                 loraRank: 8, loraAlpha: 16, trainExamples: 1, evalExamples: 3, blasThreads: 1, stagedTasks: false)
        hp.baseSeed = 0
        var job = JobSpec(id: "../../../../../..\(escape)/x", gridHash: try #require(SHA256Digest(hex: String(repeating: "cd", count: 32))),
                          kind: .evaluate, model: try #require(ModelName("qwen")), seed: 0, target: .artStyle, preset: "..:..", hyperparameters: hp)
        job.givenBase = "../../../../bin/sh"
        try router.send([identity, try codec.encode(.assign(Assign(job: job, attempt: 1, leaseMilliseconds: 60_000)))])
        let (_, result) = try next("RESULT")
        guard case let .result(scored) = result else { throw NetworkHostsError(description: "not a result") }
        #expect(scored.jobID == job.id)
        let witness = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cluster.path("witness.json")))) as? [String: Any])
        #expect(witness["argv"] as? [String] == [cluster.path("witness.py"), cluster.path("witness.json")], "\(witness)")
        let cwd = try #require(witness["cwd"] as? String)
        #expect(cwd.hasPrefix(cluster.path("cache-target/jobs/")) && !cwd.contains(".."), "\(cwd)")
        #expect(witness["job_id"] as? String == job.id && witness["given_base"] as? String == job.givenBase)
        #expect(!FileManager.default.fileExists(atPath: escape), "the job id made a path outside the worker's folder")
        cluster.signal("target", SIGTERM)
        #expect(cluster.wait("target", seconds: 10))
    }
}
