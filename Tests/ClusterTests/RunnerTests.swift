import Foundation
import Core
import Grid
import Store
import Testing

/// Workers that run a model's jobs with a configured command (`--runner`): the contract end to
/// end (job.json in, progress lines and result.json out, outputs archived and fetched by the
/// jobs that need them), a grid mixing the engine and a runner, and every way a runner fails.
@Suite(.serialized) struct RunnerTests {
    /// A runner written for these tests: it reads job.json, prints progress lines and writes a
    /// result whose scores follow from the job (a finetune on a task answers it right more
    /// often), so the grid is deterministic. `MODE` makes it misbehave on finetunes.
    static let toyRunner = #"""
    import hashlib, json, os, subprocess, sys, time
    mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
    job = json.load(open(os.environ["TRANSFERGRID_JOB"]))
    assert os.getcwd() == os.path.dirname(os.environ["TRANSFERGRID_JOB"]), "not started in its job folder"
    total = job["hyperparameters"]["steps"]
    for step in range(1, total + 1, max(1, total // 4)):
        print(json.dumps({"step": step, "total": total, "loss": 1.0 / step}), flush=True)
    if job["kind"] == "finetune":
        if mode == "exit3":
            print("cannot load the base", file=sys.stderr); sys.exit(3)
        if mode == "retry" and job["attempt"] == 1:
            print("GPU busy", file=sys.stderr); sys.exit(75)
        if mode == "hang":
            child = subprocess.Popen(["sleep", "1000"])
            open("child.pid", "w").write(str(child.pid))
            time.sleep(1000)
        if mode == "slow":
            child = subprocess.Popen(["sleep", "1000"])
            open("child.pid", "w").write(str(child.pid))
            for step in range(1, 21):
                time.sleep(0.5)
                print(json.dumps({"step": step, "total": 20}), flush=True)
        if mode == "malformed":
            json.dump({"output": 5}, open("result.json", "w")); sys.exit(0)
        if mode == "missing":
            json.dump({"output": "adapter"}, open("result.json", "w")); sys.exit(0)
    if job["kind"] in ("pretrain", "finetune"):
        os.makedirs("output/weights", exist_ok=True)
        base = open("inputs/base/weights/w.txt").read() if "base" in job["inputs"] else job.get("given_base") or "none"
        open("output/weights/w.txt", "w").write(f"{base}|{job['kind']}:{job['source']}:{job['seed']}\n")
        json.dump({"output": "output", "final_loss": 0.25}, open("result.json", "w"))
    else:
        trained = open("inputs/adapter/weights/w.txt").read() if "adapter" in job["inputs"] else ""
        n = job["hyperparameters"]["eval_examples"]
        skill = 0.8 if f"finetune:{job['target']}:" in trained else 0.3
        correct = [int(hashlib.sha256(f"{job['target']}{i}{trained}".encode()).hexdigest(), 16) % 1000 < skill * 1000 for i in range(n)]
        digest = hashlib.sha256(f"{job['target']}:{job['base_seed']}:{n}".encode()).hexdigest()
        json.dump({"n_correct": sum(correct), "n_total": n, "correct": correct, "questions_digest": digest}, open("result.json", "w"))
    """#

    /// Whether `pid` is a live process (not gone, not a zombie waiting to be reaped).
    static func running(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    static func grid(_ name: String, models: [String], runners: [String: RunnerModel], tasks: [String] = ["AS", "RD"]) throws -> String {
        var spec = try GridSpec.preset("smoke")
        spec.name = name
        spec.models = models
        spec.tasks = tasks
        spec.runnerModels = runners
        spec.evaluationQuestions = 64
        return spec.yamlText()
    }

    /// Runs the grid `yaml` with one worker started with `arguments`; the coordinator must end
    /// the grid (exit 0) within `seconds`. Returns the store.
    static func run(_ cluster: Cluster, grid yaml: String, worker: String, _ arguments: [String], seconds: Double = 120) throws -> Store {
        try yaml.write(toFile: cluster.path("grid.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("grid.yaml"), "--store", cluster.store, "--bind", cluster.endpoint])
        try cluster.worker(worker, arguments)
        #expect(cluster.wait("coordinator", seconds: seconds), "\(cluster.log("coordinator").suffix(3000))\n\(cluster.log(worker).suffix(3000))")
        #expect(cluster.exitCode("coordinator") == 0)
        return try Store(path: cluster.store, readOnly: true)
    }

    /// Each cell's accuracy, by its job id without the grid hash and kind (`toy.s0.AS.RD`).
    static func accuracies(_ store: Store, questions: Int) throws -> [String: Double] {
        Dictionary(uniqueKeysWithValues: try store.evaluations().map { evaluation in
            (String(evaluation.job.split(separator: ".").dropFirst(2).joined(separator: ".")),
             Double(evaluation.correctness.reduce(0) { $0 + $1.nonzeroBitCount }) / Double(questions))
        })
    }

    static func runner(_ cluster: Cluster) throws -> String {
        let path = cluster.path("toy_runner.py")
        try toyRunner.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRunnersGridRunsEndToEndWithOneResultPerCell() throws {
        let cluster = try Cluster("runner")
        let script = try Self.runner(cluster)
        let store = try Self.run(cluster, grid: Self.grid("toy", models: ["toy"], runners: ["toy": RunnerModel()]), worker: "runner",
                                 ["--no-engine", "--runner", "toy=python3 \(script)", "--jobs", "2"])
        // 1 pretrain, 2 baselines, 2 finetunes, 4 cells of adapters.
        #expect(try store.status().counts[.done] == 9)
        let (results, _) = try store.resultCounts()
        #expect(results.count == 6 && results.values.allSatisfy { $0 == 1 }, "\(results)")
        let accuracy = try RunnerTests.accuracies(store, questions: 64)
        // Each cell names the question set the runner scored; the cells of a target share one.
        let sets = try Dictionary(grouping: store.evaluations(), by: \.target).mapValues { Set($0.map(\.questionsDigest)) }
        #expect(sets.count == 2 && sets.values.allSatisfy { $0.count == 1 && $0.first??.count == 64 }, "\(sets)")
        // The toy runner's finetune on a task answers it right more often: its own cell rises.
        let own = try #require(accuracy["toy.s0.AS.AS"]), base = try #require(accuracy["toy.s0.base.AS"])
        #expect(own >= base + 0.1, "\(accuracy)")
        // Finished job folders are removed; the worker's folder holds no other.
        let jobs = (try? FileManager.default.contentsOfDirectory(atPath: cluster.path("cache-runner/jobs"))) ?? []
        #expect(jobs.isEmpty, "\(jobs)")
    }

    @Test func aMixedGridGivesEachJobToAWorkerThatRunsItsModel() throws {
        let cluster = try Cluster("mixed")
        try Self.grid("mixed", models: ["small", "toy"], runners: ["toy": RunnerModel(base: "Toy/Released-1B")], tasks: ["AS", "RD", "JG", "CN"])
            .write(toFile: cluster.path("mixed.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("mixed.yaml"), "--store", cluster.store, "--bind", cluster.endpoint])
        let script = try Self.runner(cluster)
        try cluster.worker("engine")
        try cluster.worker("runner", ["--no-engine", "--runner", "toy=python3 \(script)"])
        #expect(cluster.wait("coordinator", seconds: 180), "\(cluster.log("coordinator").suffix(3000))")
        #expect(cluster.exitCode("coordinator") == 0)
        let engineJobs = cluster.executions("engine"), runnerJobs = cluster.executions("runner")
        #expect(!engineJobs.isEmpty && engineJobs.allSatisfy { $0.contains(".small.") }, "\(engineJobs)")
        #expect(!runnerJobs.isEmpty && runnerJobs.allSatisfy { $0.contains(".toy.") }, "\(runnerJobs)")
        // A given base: no pretraining for toy (4 baselines, 4 finetunes, 16 cells).
        #expect(runnerJobs.count == 24 && !runnerJobs.contains { $0.contains(".pretrain.") }, "\(runnerJobs.count)")
        // The engine's cells are an engine-only run's, bit for bit (ids differ only by the grid hash).
        func byCell(_ scores: [String: [UInt8]]) -> [String: [UInt8]] {
            Dictionary(uniqueKeysWithValues: scores.map { (String($0.key.split(separator: ".").dropFirst().joined(separator: ".")), $0.value) })
        }
        let engineCells = try byCell(ClusterTests().scores(cluster.store)).filter { $0.key.contains(".small.") }
        #expect(engineCells == byCell(try ClusterTests().referenceScores()))
    }

    @Test func everyWayARunnerFailsIsAFailureWithItsReason() throws {
        let cluster = try Cluster("runner-faults")
        let modes = ["exit3", "hang", "malformed", "missing", "retry"]
        try Self.grid("faults", models: modes, runners: Dictionary(uniqueKeysWithValues: modes.map { ($0, RunnerModel(base: "Toy/Released-1B")) }), tasks: ["AS"])
            .write(toFile: cluster.path("faults.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("faults.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--max-attempts", "2"])
        let script = try Self.runner(cluster)
        try cluster.worker("runner", ["--no-engine", "--jobs", "3", "--runner-timeout", "4"] + modes.flatMap { ["--runner", "\($0)=python3 \(script) \($0)"] })
        #expect(cluster.wait("coordinator", seconds: 120), "\(cluster.log("coordinator").suffix(3000))")
        let store = try Store(path: cluster.store, readOnly: true)
        let jobs = Dictionary(uniqueKeysWithValues: try store.jobs().map { ($0.id.split(separator: ".").dropFirst().joined(separator: "."), $0) })
        let failed = try Dictionary(uniqueKeysWithValues: modes.map { mode in (mode, try #require(jobs["finetune.\(mode).s0.AS"], "\(jobs.keys.sorted())")) })
        func reason(_ mode: String) -> String { failed[mode]?.failure ?? "" }
        #expect(failed["exit3"]?.state == .failed && failed["exit3"]?.attempts == 1)
        #expect(reason("exit3").contains("exited with status 3; stderr ends: cannot load the base"), "\(reason("exit3"))")
        #expect(failed["hang"]?.state == .failed && failed["hang"]?.attempts == 2)
        #expect(reason("hang").contains("past its timeout of 4 s"), "\(reason("hang"))")
        #expect(reason("malformed").contains("result.json: output is not a string"), "\(reason("malformed"))")
        #expect(reason("missing").contains("names output \"adapter\", which the runner did not write"), "\(reason("missing"))")
        #expect(failed["retry"]?.state == .done && failed["retry"]?.attempts == 2)
        // The hanging runner's child went with its process group.
        let pids = try FileManager.default.subpathsOfDirectory(atPath: cluster.path("cache-runner/jobs")).filter { $0.hasSuffix("child.pid") }
        #expect(!pids.isEmpty)
        for file in pids {
            let pid = try #require(Int32(String(contentsOfFile: cluster.path("cache-runner/jobs/\(file)"), encoding: .utf8)))
            #expect(!Self.running(pid), "the hanging runner's child \(pid) outlived its job")
        }
        // Nothing else lost: every baseline is done, and the failures show in status.
        for mode in modes { #expect(jobs["eval.\(mode).s0.base.AS"]?.state == .done) }
        try cluster.start("status", ["status", "--store", cluster.store])
        #expect(cluster.wait("status", seconds: 30))
        #expect(cluster.log("status").contains("exited with status 3"), "\(cluster.log("status"))")
    }
}
