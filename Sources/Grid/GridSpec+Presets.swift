extension GridSpec {
    /// The built-in grids.
    public static let presetNames = ["smoke", "quick", "study", "study-weighted", "study-rehearsal", "study-medium", "study-calibrated", "paper"]

    /// `smoke`: seconds, for tests; `quick`: the full 3 x 13 x 13 grid with one seed, the
    /// default main job; `study`: the calibrated miniature study on the small model (two seeds,
    /// the format control and data selection; the README's "What our grid finds");
    /// `study-weighted`: an earlier-stopped base (6,000 staged steps) whose pretraining weighs
    /// the tasks (fewer turns for MR and RD, which the small model learns first, more for the
    /// slow OL, FD, RR, AS and VC), gentler finetunes (learning rate 1e-3) and 512 questions per cell;
    /// `study-rehearsal`: the `study` with a quarter of every finetune batch rehearsed from
    /// pretraining questions and 1024 questions per cell (forgetting told from transfer);
    /// `study-medium`: the same training on the medium model, one seed (the scale comparison);
    /// `study-calibrated`: run 34 (`grids/run-34.yaml` under another name, the same bits), the
    /// first grid to meet all four of the study's goals: two finetunes (seeds 0 and 1) of one
    /// medium base (seed 2) pretrained with weights per task and FD's stage first, FD's questions
    /// in version 3, the benchmark seen through its own camera; 4,000-step finetunes half
    /// rehearsed, JG's a quarter rehearsed, OL's 8,000 steps a quarter rehearsed;
    /// `paper`: four seeds and longer training, meant for many machines.
    public static func preset(_ name: String) throws(GridError) -> GridSpec {
        switch name {
        case "smoke":
            return GridSpec(name: "smoke", models: ["small"], seeds: [0], tasks: ["AS", "RD", "JG", "CN"],
                            pretrain: TrainingStage(steps: 40, batch: 16, learningRate: 1e-3, warmup: 10),
                            finetune: TrainingStage(steps: 20, batch: 16, learningRate: 2e-3, warmup: 5),
                            evaluationQuestions: 64)
        case "quick":
            return GridSpec(name: "quick", models: ["small", "medium", "large"], seeds: [0],
                            pretrain: TrainingStage(steps: 300, batch: 32, learningRate: 1e-3, warmup: 50),
                            finetune: TrainingStage(steps: 60, batch: 16, learningRate: 2e-3, warmup: 10),
                            evaluationQuestions: 128)
        case "study":
            var pretrain = TrainingStage(steps: 15000, batch: 32, learningRate: 3e-3, warmup: 300)
            pretrain.schedule = "staged"
            var spec = GridSpec(name: "study", models: ["small"], seeds: [0, 1], pretrain: pretrain,
                                finetune: TrainingStage(steps: 2000, batch: 32, learningRate: 3e-3, warmup: 100, loraRank: 16, loraAlpha: 32),
                                evaluationQuestions: 256, formatControl: true)
            spec.selection = SelectionStage(targets: ["SR", "CN", "SC"], threshold: 0)
            return spec
        case "study-weighted":
            var pretrain = TrainingStage(steps: 6000, batch: 32, learningRate: 3e-3, warmup: 300)
            pretrain.schedule = "staged"
            pretrain.taskWeights = ["MR": 0.6, "RD": 0.6, "OL": 2.5, "RR": 1.5, "FD": 2, "AS": 1.3, "VC": 1.3]
            var spec = GridSpec(name: "study-weighted", models: ["small"], seeds: [0, 1], pretrain: pretrain,
                                finetune: TrainingStage(steps: 2000, batch: 32, learningRate: 1e-3, warmup: 100, loraRank: 16, loraAlpha: 32),
                                evaluationQuestions: 512, formatControl: true)
            spec.selection = SelectionStage(targets: ["AS", "CN", "OL"], threshold: 0)
            return spec
        case "study-rehearsal":
            var spec = try preset("study")
            spec.name = "study-rehearsal"
            spec.finetune.rehearsal = 0.25
            spec.evaluationQuestions = 1024
            return spec
        case "study-medium":
            var spec = try preset("study")
            spec.name = "study-medium"
            spec.models = ["medium"]
            spec.seeds = [0]
            spec.formatControl = nil
            spec.selection = nil
            return spec
        case "study-calibrated":
            var pretrain = TrainingStage(steps: 12000, batch: 32, learningRate: 1e-3, warmup: 300)
            pretrain.schedule = "staged"
            pretrain.firstStages = ["FD"]
            pretrain.taskWeights = ["VS": 0.5, "AS": 0.5, "VC": 2.5, "RD": 0.3, "RR": 2.5, "JG": 0.5, "CN": 0.15, "FC": 2.5,
                                    "MR": 0.3, "OL": 2, "FD": 0.5, "SR": 1.5]
            var finetune = TrainingStage(steps: 4000, batch: 32, learningRate: 3e-3, warmup: 100, loraRank: 16, loraAlpha: 32)
            finetune.rehearsal = 0.5
            finetune.taskSteps = ["OL": 8000]
            finetune.taskRehearsal = ["JG": 0.25, "OL": 0.25]
            var spec = GridSpec(name: "study-calibrated", models: ["medium"], seeds: [0, 1], pretrain: pretrain, finetune: finetune,
                                evaluationQuestions: 2048)
            spec.baseSeed = 2
            spec.benchmarkShift = BenchmarkShift(contrast: 0.6)
            spec.taskVersions = ["FD": 3]
            return spec
        case "paper":
            return GridSpec(name: "paper", models: ["small", "medium", "large"], seeds: [0, 1, 2, 3],
                            pretrain: TrainingStage(steps: 3000, batch: 32, learningRate: 1e-3, warmup: 200),
                            finetune: TrainingStage(steps: 400, batch: 32, learningRate: 1e-3, warmup: 40),
                            evaluationQuestions: 500)
        default:
            throw GridError("there is no preset \"\(name)\"; use one of \(presetNames.joined(separator: ", ")) or --grid FILE")
        }
    }

    /// A benchmark grid of `count` noop jobs.
    public static func noop(count: Int) -> GridSpec {
        var spec = try! preset("smoke")
        spec.name = "noop"
        spec.noopJobs = count
        return spec
    }
}
