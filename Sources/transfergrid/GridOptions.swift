import ArgumentParser
import Grid

/// `--grid FILE` or `--preset NAME`: which grid to run.
struct GridOptions: ParsableArguments {
    @Option(help: "A grid spec (YAML); `transfergrid grid show quick` prints one to start from, `transfergrid grid check FILE` checks one.")
    var grid: String?

    @Option(help: "A built-in grid: smoke (seconds, for tests), quick (the full 3 x 13 x 13 grid, one seed; the default without --grid), study (the calibrated small-model study, 2 seeds, about 55 min on 2 cores), study-weighted (the study on a shorter pretraining weighted by task, gentler finetunes, 512 questions per cell, about 40 min), study-rehearsal (the study with a quarter of each finetune batch rehearsed from pretraining, 1024 questions per cell, about 47 min), study-medium (the study's training on the medium model, 1 seed, about 60 min), study-calibrated (the grid that meets all four of the study's goals: two seeds of finetunes of one medium base pretrained with weights per task and Forensic Detection's stage first, half of each finetune batch rehearsed, about 2 h 50 min on 2 cores), paper (4 seeds).")
    var preset: String?

    func validate() throws {
        if grid != nil, preset != nil { throw ValidationError("give --grid FILE or --preset NAME, not both") }
    }

    /// The spec asked for; `quick` when neither option is given.
    func spec() throws -> GridSpec {
        do {
            if let grid { return try GridSpec.load(path: grid) }
            return try GridSpec.preset(preset ?? "quick")
        } catch {
            throw CLIError(error.message)
        }
    }
}
