public import Core

/// Makes the questions of the 13 tasks. A question is a pure function of (task, split, index,
/// seed): the same four give the same images, words and answer on every machine.
public enum TaskGenerator {
    /// Images are 32 x 32, as the engine's models take them.
    public static let imageSize = 32

    /// With a `shift`, the question's images as the benchmark's camera sees them (the same
    /// question otherwise: words, options and answer unchanged).
    public static func question(_ task: PerceptionTask, split: Split, index: Int, seed: UInt64, version: Int = 1,
                                shift: DomainShift) -> Question {
        let question = question(task, split: split, index: index, seed: seed, version: version)
        guard !shift.isNone else { return question }
        var noise = RandomSource(seed: mix(questionSeed(task, split: split, index: index, seed: seed) ^ 0x5348_4946_5400_0000))
        return question.with(images: question.images.map { shift.apply(to: $0, random: &noise) })
    }

    /// `version`: of the task's generator (`TaskVersions`), 1 to `task.latestVersion`; every
    /// version draws the same answer and scene, so a question's versions differ only in what
    /// the newer one changed.
    public static func question(_ task: PerceptionTask, split: Split, index: Int, seed: UInt64, version: Int = 1) -> Question {
        precondition((1...task.latestVersion).contains(version), "\(task.abbreviation) has versions 1 to \(task.latestVersion), not \(version)")
        var builder = SceneBuilder(random: RandomSource(seed: questionSeed(task, split: split, index: index, seed: seed)))
        // The answer comes first, uniformly, so letters are balanced by construction (and
        // `answer(_:split:index:seed:)` can read it alone).
        let answer = builder.integer(0...(task.optionCount - 1))
        switch task {
        case .relativeDepth: return RelativeDepthTask.make(&builder, answer: answer)
        case .relativeReflectance: return RelativeReflectanceTask.make(&builder, answer: answer)
        case .spatialRelation: return SpatialRelationTask.make(&builder, answer: answer)
        case .counting: return CountingTask.make(&builder, answer: answer)
        case .objectLocalization: return ObjectLocalizationTask.make(&builder, answer: answer)
        case .multiViewReasoning: return MultiViewReasoningTask.make(&builder, answer: answer)
        case .visualCorrespondence: return VisualCorrespondenceTask.make(&builder, answer: answer)
        case .forensicDetection: return ForensicDetectionTask.make(&builder, answer: answer, version: version)
        case .visualSimilarity: return VisualSimilarityTask.make(&builder, answer: answer)
        case .artStyle: return ArtStyleTask.make(&builder, answer: answer)
        case .jigsaw: return JigsawTask.make(&builder, answer: answer)
        case .semanticCorrespondence: return SemanticCorrespondenceTask.make(&builder, answer: answer)
        case .functionalCorrespondence: return FunctionalCorrespondenceTask.make(&builder, answer: answer)
        }
    }

    /// The right option of a question, without making it: the first draw of its generator.
    public static func answer(_ task: PerceptionTask, split: Split, index: Int, seed: UInt64) -> Int {
        var builder = SceneBuilder(random: RandomSource(seed: questionSeed(task, split: split, index: index, seed: seed)))
        return builder.integer(0...(task.optionCount - 1))
    }

    /// The generator's seed for one question: SplitMix64's finaliser over the four inputs, so
    /// neighbouring indices, tasks and splits give unrelated streams.
    static func questionSeed(_ task: PerceptionTask, split: Split, index: Int, seed: UInt64) -> UInt64 {
        var h = mix(seed ^ 0x5452_414E_5346_4552)
        h = mix(h ^ UInt64(task.rawValue))
        h = mix(h ^ UInt64(split.rawValue) << 32)
        return mix(h ^ UInt64(truncatingIfNeeded: index))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
