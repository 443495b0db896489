import Core
import ArgumentParser
import Foundation
import Grid
import Store
import Transfer
import Calibration

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
            var settings = CalibrationSettings()
            if let grid { settings.grid = (try GridSpec.load(path: grid), grid) }
            if let model {
                guard let size = ModelSize(argument: model) else { throw CLIError("--model is \(model); use one of \(ModelSize.names)") }
                settings.model = ModelName(size)
            }
            settings.seed = seed
            settings.sources = sources.isEmpty ? [] : try PerceptionTask.selected(by: sources)
            settings.rehearsalOnly = rehearsalOnly
            (settings.steps, settings.learningRate, settings.rank, settings.rehearsal, settings.questions) = (steps, learningRate, rank, rehearsal, questions)
            if let benchmarkShift { settings.benchmarkShift = try BenchmarkShift.parse(argument: benchmarkShift) }
            do {
                let calibration = try Calibration(store: database, settings: settings)
                Self.emit(calibration.header(rehearsalOnly: rehearsalOnly))
                let rows = try calibration.run(scratch: FileManager.default.temporaryDirectory.path,
                                               baseline: { calibration.baselineLines($0).forEach(Self.emit) },
                                               row: { Self.emit(calibration.line($0)) })
                Self.emit(calibration.summary(rows))
            } catch {
                throw CLIError(error.message)
            }
        }

        /// A line to stdout at once, so that a long calibration shows each row as it comes, also
        /// into a file or a pipe.
        static func emit(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
