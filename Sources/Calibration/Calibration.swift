internal import Foundation
public import Core
public import Grid
public import Store
public import Transfer
internal import Worker

/// Finetunes a grid's pretrained base on chosen sources, with the grid's finetune settings or
/// others, and scores every target before and after: PGF rows in minutes, with nothing written
/// to the store. It runs the worker's own job code, so with the grid's settings its cells are the
/// grid's bit for bit.
public struct Calibration {
    /// One finetune's row: its source (nil for the rehearsal-only control) and the PGF of
    /// each target (nil where a perfect baseline leaves no gap).
    public struct Row: Sendable, Equatable {
        public var source: PerceptionTask?
        public var pgf: [Double?]
    }

    public let spec: GridSpec
    public let model: ModelName
    public let seed: UInt64
    /// The seed of the base the finetunes start from (the grid's `base_seed`, or `seed`).
    public let baseSeed: UInt64
    public let tasks: [PerceptionTask]
    public let sources: [PerceptionTask?]
    let graph: JobGraph
    private let base: (digest: SHA256Digest, bytes: [UInt8])

    /// Reads the stored grid and the base checkpoint of `settings.model` and seed (the grid's
    /// first unless set) from `store`, whose pretraining of that base must be done.
    public init(store: Store, settings: CalibrationSettings) throws(CalibrationError) {
        let stored: GridSpec
        do {
            guard let (_, grid) = try store.grid() else { throw CalibrationError("\(store.path) holds no grid; run one first (transfergrid run)") }
            stored = grid
        } catch let error as CalibrationError { throw error } catch { throw CalibrationError("\(error)") }
        spec = try settings.applied(to: stored, in: store.path)
        let storedGraph: JobGraph
        do {
            storedGraph = try JobGraph(spec: stored)
            graph = try JobGraph(spec: spec)
            tasks = graph.grid.tasks
            model = settings.model ?? graph.grid.models[0]
            guard graph.grid.models.contains(model), storedGraph.grid.models.contains(model) else {
                throw CalibrationError("the grid has no \(model) model; it has \(stored.models.joined(separator: ", "))")
            }
        } catch let error as CalibrationError { throw error } catch let error as GridError { throw CalibrationError(error.message) } catch {
            throw CalibrationError("\(error)")
        }
        let runSeed = settings.seed ?? graph.grid.seeds[0], gridTasks = tasks
        guard graph.grid.seeds.contains(runSeed) else {
            throw CalibrationError("the grid has no seed \(runSeed); it has \(spec.seeds.map(String.init).joined(separator: ", "))")
        }
        if let outside = settings.sources.first(where: { !gridTasks.contains($0) }) {
            throw CalibrationError("\(outside.abbreviation) is not one of the grid's tasks (\(gridTasks.map(\.abbreviation).joined(separator: ", ")))")
        }
        seed = runSeed
        sources = settings.rehearsalOnly ? [nil] : (settings.sources.isEmpty ? gridTasks : settings.sources).map(Optional.some)
        baseSeed = graph.grid.base(of: runSeed)
        base = try Self.baseCheckpoint(store: store, storedGraph: storedGraph, model: model, seed: graph.grid.base(of: runSeed))
    }

    /// The stored base of `model` pretrained with `seed`, checked against its digest.
    private static func baseCheckpoint(store: Store, storedGraph: JobGraph, model: ModelName, seed: UInt64) throws(CalibrationError)
        -> (digest: SHA256Digest, bytes: [UInt8]) {
        let path = store.path
        do {
            guard let pretrainID = storedGraph.jobs.first(where: { $0.kind == .pretrain && $0.model == model && $0.seed == seed })?.id else {
                throw CalibrationError("\(path) pretrains no \(model) base with seed \(seed); its grid's bases are seeds "
                    + (storedGraph.grid.baseSeed.map { [$0] } ?? storedGraph.grid.seeds).map(String.init).joined(separator: ", "))
            }
            guard let job = try store.jobs().first(where: { $0.id == pretrainID }), job.state == .done, let digest = job.output?.digest,
                  let bytes = FileManager.default.contents(atPath: store.artifactPath(digest)) else {
                throw CalibrationError("the \(model) model's pretraining of seed \(seed) is not done in \(path); run the grid until it is")
            }
            return (digest, [UInt8](bytes))
        } catch let error as CalibrationError { throw error } catch { throw CalibrationError("\(error)") }
    }

    /// Scores the base on every target (`baseline` gets the counts), then finetunes on each
    /// source and scores again (`row` gets each row as it comes). Works in a scratch folder
    /// under `scratch`, removed at the end.
    public func run(scratch: String, baseline: ([Counts]) -> Void, row: (Row) -> Void) throws(CalibrationError) -> [Row] {
        let directory = scratch + "/transfergrid-calibrate-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let cache = try ArtifactCache(directory: directory)
            guard cache.admit(base.bytes, as: base.digest) == .stored else {
                throw CalibrationError("the base checkpoint \(base.digest.hex.prefix(12)) does not match its digest")
            }
            let baseRef = ArtifactRef(role: .baseCheckpoint, digest: base.digest, sizeBytes: UInt64(base.bytes.count))
            let before = try scores([baseRef], cache: cache)
            baseline(before)
            let finetunes = graph.jobs.filter { $0.kind == .finetune && $0.model == model && $0.seed == seed }
            var rows: [Row] = []
            for source in sources {
                let finetune = source.map { s in finetunes.first { $0.source == s }! }
                    ?? Self.rehearsalControl(finetunes[0], tasks: tasks, pool: graph.grid.pretrain.questionsSeenPerTask)
                guard case let .artifact(adapter, _, _) = try JobRunner.run(wire(finetune, [baseRef]), cache: cache, progress: { _, _, _ in true }) else {
                    throw CalibrationError("the finetune on \(source?.abbreviation ?? "rehearsal alone") gave no adapter")
                }
                let pgf = zip(before, try scores([baseRef, adapter], cache: cache)).map { PGF.value(baseline: $0, finetuned: $1) }
                rows.append(Row(source: source, pgf: pgf))
                row(rows[rows.count - 1])
            }
            return rows
        } catch let error as CalibrationError { throw error } catch { throw CalibrationError("\(error)") }
    }

    private func wire(_ job: GridJob, _ inputs: [ArtifactRef]) -> JobSpec {
        job.spec(gridHash: graph.hash, preset: spec.name, inputs: inputs)
    }

    /// Every target's counts with `inputs` (a base, and an adapter).
    private func scores(_ inputs: [ArtifactRef], cache: ArtifactCache) throws -> [Counts] {
        try tasks.map { target in
            let cell = graph.jobs.first { $0.kind == .evaluate && $0.model == model && $0.seed == seed && $0.source == nil && $0.target == target }!
            guard case let .evaluation(bits) = try JobRunner.run(wire(cell, inputs), cache: cache, progress: { _, _, _ in true }) else {
                throw CalibrationError("evaluating \(target) gave no scores")
            }
            return Counts(correct: bits.correctCount, total: bits.count)
        }
    }

    /// The control: a finetune of the grid's budget in which every question is rehearsed.
    static func rehearsalControl(_ finetune: GridJob, tasks: [PerceptionTask], pool: Int) -> GridJob {
        var hp = finetune.hyperparameters
        hp.rehearsalShare = 1
        hp.rehearsalPool = UInt32(pool)
        return GridJob(id: "calibrate.rehearsal-only", kind: .finetune, model: finetune.model, seed: finetune.seed, source: nil, target: nil,
                       hyperparameters: hp, dependencies: [], mixture: tasks)
    }
}
