import Core
import ArgumentParser
import Foundation
import Grid
import Store
import Transfer
import Worker

extension TransferGrid {
    /// `transfergrid calibrate`: finetunes a grid's pretrained base on chosen sources, with the
    /// grid's finetune settings or others, and prints their PGF rows; nothing is written to the
    /// store. It runs the worker's own job code, so with the grid's settings its cells are the
    /// grid's bit for bit; with others it is the quick loop for calibrating a finetune (minutes
    /// per setting, where a grid reruns its pretraining).
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Finetune a grid's base model on chosen sources with other settings; print the PGF rows.",
            discussion: """
                Reads the base checkpoint of one model and seed from a store whose pretraining is done, and \
                leaves the store as it is. Without overrides the rows are the grid's own cells; with --grid, \
                the cells that grid would make on the same bases (its pretrain stage must be the store's). \
                --rehearsal-only finetunes on rehearsed pretraining questions alone: the control for what \
                rehearsal does by itself.
                """
        )

        @Option(help: "The store (SQLite) of a grid whose pretraining is done.")
        var store = "transfergrid.db"

        @Option(help: "A grid spec (YAML) whose finetune, evaluation and benchmark_shift settings to use instead of the store's; its pretrain stage must be the store's, so its bases are the store's.")
        var grid: String?

        @Option(help: "The model size (the grid's first unless set).")
        var model: String?

        @Option(help: "The grid seed (the grid's first unless set).")
        var seed: UInt64?

        @Option(parsing: .upToNextOption, help: "Source tasks to finetune on (abbreviations); the grid's tasks when omitted.")
        var sources: [String] = []

        @Flag(help: "Finetune on rehearsed pretraining questions alone instead of sources.")
        var rehearsalOnly = false

        @Option(help: "Finetune steps for every source (the grid's, with its task_steps, unless set).")
        var steps: Int?

        @Option(help: "Peak learning rate of the finetune (the grid's unless set).")
        var learningRate: Double?

        @Option(help: "LoRA rank, with alpha twice the rank (the grid's unless set).")
        var rank: Int?

        @Option(help: "Share of each finetune batch rehearsed from pretraining questions, in [0, 1) (the grid's unless set).")
        var rehearsal: Double?

        @Option(help: "Evaluation questions per target (the grid's unless set).")
        var questions: Int?

        @Option(help: "The benchmark's camera, CONTRAST,CAST,NOISE such as 0.8,0.1,0 (the grid's benchmark_shift unless set; 0,0,0: none).")
        var benchmarkShift: String?

        func validate() throws {
            if rehearsalOnly, !sources.isEmpty { throw ValidationError("--rehearsal-only finetunes on no source; drop --sources") }
        }

        func run() throws {
            let database = try Store(path: store, readOnly: true)
            guard let (_, stored) = try database.grid() else { throw CLIError("\(store) holds no grid; run one first (transfergrid run)") }
            var spec = stored
            if let grid {
                let other = try GridSpec.load(path: grid).normalized()
                let theirs = try stored.normalized()
                guard other.pretrain == theirs.pretrain, try other.perceptionTaskVersions() == theirs.perceptionTaskVersions() else {
                    throw CLIError("\(grid) pretrains otherwise than the grid in \(store), so its bases are not the store's; "
                        + "give it the same pretrain stage and task_versions as the store's grid (\(stored.name)), or run it as a grid of its own")
                }
                spec = other
            }
            guard model.map({ ModelSize(argument: $0) != nil }) ?? true else { throw CLIError("--model is \(model!); use small, medium or large") }
            let size = try model.flatMap(ModelSize.init(argument:)).map(ModelName.init) ?? spec.modelNames()[0]
            let runSeed = seed ?? spec.seeds[0]
            guard try spec.modelNames().contains(size), try stored.modelNames().contains(size) else {
                throw CLIError("the grid has no \(size) model; it has \(stored.models.joined(separator: ", "))")
            }
            guard spec.seeds.contains(runSeed) else {
                throw CLIError("the grid has no seed \(runSeed); it has \(spec.seeds.map(String.init).joined(separator: ", "))")
            }
            // The run's base: its own seed's, or the one base of a grid with base_seed.
            let baseSeed = spec.baseSeed ?? runSeed
            guard let pretrainID = try JobGraph(spec: stored).jobs.first(where: { $0.kind == .pretrain && $0.model == size && $0.seed == baseSeed })?.id else {
                throw CLIError("\(store) pretrains no \(size) base with seed \(baseSeed); its grid's bases are seeds "
                    + (stored.baseSeed.map { [$0] } ?? stored.seeds).map(String.init).joined(separator: ", "))
            }
            guard let job = try database.jobs().first(where: { $0.id == pretrainID }), job.state == .done,
                  let digest = job.output?.digest,
                  let bytes = FileManager.default.contents(atPath: database.artifactPath(digest)) else {
                throw CLIError("the \(size) model's pretraining of seed \(baseSeed) is not done in \(store); run the grid until it is")
            }

            if let steps {
                // Every source at this count: the grid's per-source budgets give way.
                spec.finetune.steps = steps
                spec.finetune.warmup = min(spec.finetune.warmup, steps)
                spec.finetune.taskSteps = nil
            }
            if let learningRate { spec.finetune.learningRate = learningRate }
            if let rank { spec.finetune.loraRank = rank; spec.finetune.loraAlpha = Double(2 * rank) }
            if let rehearsal {
                // Every source at this share: the grid's per-source shares give way.
                spec.finetune.rehearsal = rehearsal
                spec.finetune.taskRehearsal = nil
            }
            if let questions { spec.evaluationQuestions = questions }
            if let benchmarkShift { spec.benchmarkShift = try BenchmarkShift.parse(argument: benchmarkShift) }
            do { try spec.validate() } catch { throw CLIError("the settings do not make a valid grid: \(error.message)") }
            let graph = try JobGraph(spec: spec)
            let tasks = try spec.perceptionTasks()
            let chosen = try PerceptionTask.selected(by: sources.isEmpty ? tasks.map(\.abbreviation) : sources)
            if let outside = chosen.first(where: { !tasks.contains($0) }) {
                throw CLIError("\(outside) is not one of the grid's tasks (\(tasks.map(\.abbreviation).joined(separator: ", ")))")
            }

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transfergrid-calibrate-\(ProcessInfo.processInfo.processIdentifier)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let cache = try ArtifactCache(directory: directory)
            guard cache.admit([UInt8](bytes), as: digest) else { throw CLIError("the base checkpoint \(digest.hex.prefix(12)) in \(store) does not match its digest") }
            let base = ArtifactRef(role: .baseCheckpoint, digest: digest, sizeBytes: UInt64(bytes.count))

            let finetunes = graph.jobs.filter { $0.kind == .finetune && $0.model == size && $0.seed == runSeed }
            func wire(_ job: GridJob, _ inputs: [ArtifactRef]) -> JobSpec { job.spec(gridHash: graph.hash, preset: spec.name, inputs: inputs) }
            func scores(_ inputs: [ArtifactRef]) throws -> [Counts] {
                try tasks.map { target in
                    let cell = graph.jobs.first { $0.kind == .evaluate && $0.model == size && $0.seed == runSeed && $0.source == nil && $0.target == target }!
                    guard case let .evaluation(bits) = try JobRunner.run(wire(cell, inputs), cache: cache, progress: { _, _, _ in true }) else {
                        throw CLIError("evaluating \(target) gave no scores")
                    }
                    return Counts(correct: bits.correctCount, total: bits.count)
                }
            }
            let fine = spec.finetune
            let versions = try spec.perceptionTaskVersions()
            let budgets = (fine.taskSteps ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let shares = (fine.taskRehearsal ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            Self.emit("\(spec.name): \(size) model, seed \(runSeed)\(baseSeed == runSeed ? "" : " on the base of seed \(baseSeed)"); finetune \(fine.steps)\(budgets.isEmpty ? "" : " (\(budgets))") x \(fine.batch) at \(fine.learningRate), rank \(fine.loraRank), "
                  + "rehearsal \(rehearsalOnly ? 1 : fine.rehearsal ?? 0)\(shares.isEmpty || rehearsalOnly ? "" : " (\(shares))"); \(spec.evaluationQuestions) questions per target"
                  + (spec.benchmarkShift.map { $0.isNone ? "" : "; benchmark shift \($0.description)" } ?? "")
                  + (versions.isInitial ? "" : "; task versions \(versions)"))
            let baseline = try scores([base])
            Self.emit("accuracy %  " + zip(tasks, baseline).map { "\($0.abbreviation) \(String(format: "%.1f", 100 * Double($1.correct) / Double($1.total)))" }
                .joined(separator: "  "))
            Self.emit("PGF x 100   " + tasks.map { $0.abbreviation.padding(toLength: 6, withPad: " ", startingAt: 0) }.joined())

            var rows: [(source: PerceptionTask?, pgf: [Double?])] = []
            for source in rehearsalOnly ? [nil] : chosen.map(Optional.some) {
                let finetune = source.map { s in finetunes.first { $0.source == s }! }
                    ?? Self.rehearsalControl(finetunes[0], tasks: tasks, pool: spec.pretrain.questionsSeenPerTask)
                guard case let .artifact(adapter, _, _) = try JobRunner.run(wire(finetune, [base]), cache: cache, progress: { _, _, _ in true }) else {
                    throw CLIError("the finetune gave no adapter")
                }
                let pgf = zip(baseline, try scores([base, adapter])).map { PGF.value(baseline: $0, finetuned: $1) }
                rows.append((source, pgf))
                let cells = tasks.indices.map { j -> String in
                    guard let value = pgf[j] else { return "  -   " }  // a perfect baseline leaves no gap
                    return (tasks[j] == source ? String(format: "[%3.0f]", 100 * value) : String(format: "%5.0f", 100 * value))
                        .padding(toLength: 6, withPad: " ", startingAt: 0)
                }
                Self.emit((source?.abbreviation ?? "--").padding(toLength: 12, withPad: " ", startingAt: 0) + cells.joined())
            }
            let off = rows.flatMap { row in zip(tasks, row.pgf).filter { $0.0 != row.source }.compactMap(\.1) }
            let selfPGF = rows.compactMap { row in row.source.flatMap { s in tasks.firstIndex(of: s).flatMap { row.pgf[$0] } } }
            Self.emit("off the diagonal: \(off.filter { $0 > 0 }.count) positive, \(off.filter { $0 < 0 }.count) negative, "
                  + "\(off.filter { $0 == 0 }.count) zero of \(off.count)"
                  + (selfPGF.isEmpty ? "" : "; self PGF >= 0.3 on \(selfPGF.filter { $0 >= 0.3 }.count) of \(selfPGF.count)"))
        }

        /// A line to stdout at once, so that a long calibration shows each row as it comes, also
        /// into a file or a pipe.
        static func emit(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
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
}
