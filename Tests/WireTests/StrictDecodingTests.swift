@testable import Core
import Testing
@testable import Wire

@Suite struct StrictDecodingTests {
    let codec = WireCodec()

    private func expectError(_ code: WireError.Code, field: String? = nil, _ frame: [UInt8],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let message = try codec.decode(frame)
            Issue.record("decoded \(message.name) where \(code) was expected", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
        }
    }

    /// A hand-built valid FAIL body; tests drop or alter one field at a time.
    private func failBody(skip: Int? = nil, attempt: UInt64 = 1) -> (inout ProtoBytes) -> Void {
        { body in
            if skip != 1 { body.string(1, "job-1") }
            if skip != 2 { body.uint(2, attempt) }
            if skip != 3 { body.string(3, "out of memory") }
            if skip != 4 { body.uint(4, 1) }
        }
    }

    @Test func handBuiltFrameDecodes() throws {
        let message = try codec.decode(ProtoBytes.envelope(bodyField: Body.fail, failBody()))
        #expect(message == .fail(JobFailure(jobID: "job-1", attempt: 1, reason: "out of memory", retryable: true)))
    }

    @Test func eachMissingFieldIsNamed() {
        let fields = [1: "Fail.job_id", 2: "Fail.attempt", 3: "Fail.reason", 4: "Fail.retryable"]
        for (number, path) in fields {
            expectError(.missingField, field: path, ProtoBytes.envelope(bodyField: Body.fail, failBody(skip: number)))
        }
    }

    @Test func versionIsChecked() {
        expectError(.missingField, field: "Envelope.protocol_version", ProtoBytes.envelope(version: nil, bodyField: Body.fail, failBody()))
        // The versions before (1 without base_seed, 2 without task_versions, 3 without
        // first_stages) are refused as any other.
        for other: UInt64 in Array(0..<UInt64(WireCodec.protocolVersion)) + [UInt64(WireCodec.protocolVersion) + 1] {
            expectError(.unsupportedVersion, ProtoBytes.envelope(version: other, bodyField: Body.fail, failBody()))
        }
    }

    @Test func emptyOrUnknownBodyIsRefused() {
        var versionOnly = ProtoBytes()
        versionOnly.uint(1, UInt64(WireCodec.protocolVersion))
        expectError(.missingField, field: "Envelope.body", versionOnly.bytes)
        expectError(.missingField, field: "Envelope.protocol_version", [])
        // Field 99 is no body of this version: protobuf-c skips it, and the body stays unset.
        expectError(.missingField, field: "Envelope.body", ProtoBytes.envelope(bodyField: 99, failBody()))
    }

    @Test func unknownEnumValuesAreRefused() {
        let ack = { (kind: UInt64) in
            ProtoBytes.envelope(bodyField: Body.ack) { $0.uint(1, kind) }
        }
        expectError(.unknownEnumValue, field: "Ack.kind", ack(0))
        expectError(.unknownEnumValue, field: "Ack.kind", ack(5))
        expectError(.unknownEnumValue, field: "Ack.kind", ack(UInt64(UInt32.max)))
        #expect(throws: Never.self) { try codec.decode(ack(1)) }

        let ready = { (kind: UInt64, blasCore: String?, models: [String], incarnation: UInt64?) in
            ProtoBytes.envelope(bodyField: Body.ready) { body in
                body.string(1, "w1")
                body.string(2, "host")
                body.message(3) { caps in
                    caps.uint(1, 2); caps.uint(2, 1 << 30); caps.uint(3, 1); caps.uint(4, 1)
                    caps.uint(5, 3); caps.uint(5, kind)
                    if let blasCore { caps.string(7, blasCore) }
                    for model in models { caps.string(8, model) }
                }
                body.string(4, "0.1.0")
                if let incarnation { body.uint(6, incarnation) }
            }
        }
        #expect(throws: Never.self) { try codec.decode(ready(1, "Haswell", ["small"], 7)) }
        // Nor one that does not say which process it is.
        expectError(.missingField, field: "Ready.incarnation", ready(1, "Haswell", ["small"], nil))
        // A worker that does not say which OpenBLAS kernels it computes with is not taken.
        expectError(.missingField, field: "Ready.capabilities.blas_core", ready(1, nil, ["small"], 7))
        // Nor one that runs no model, or names one by a name outside the rule.
        expectError(.invalidValue, field: "Ready.capabilities.models", ready(1, "Haswell", [], 7))
        expectError(.invalidValue, field: "Ready.capabilities.models[1]", ready(1, "Haswell", ["small", "Qwen 2.5"], 7))
        expectError(.invalidValue, field: "Ready.capabilities.blas_core", ready(1, "", ["small"], 7))
        expectError(.unknownEnumValue, field: "Ready.capabilities.job_kinds[1]", ready(7, "Haswell", ["small"], 7))
        expectError(.unknownEnumValue, field: "Ready.capabilities.job_kinds[1]", ready(0, "Haswell", ["small"], 7))
    }

    @Test func frameLimitIsEnforcedBeforeParsing() {
        let small = WireCodec(maxFrameBytes: 16)
        let frame = ProtoBytes.envelope(bodyField: Body.fail, failBody())
        #expect(frame.count > 16)
        do {
            _ = try small.decode(frame)
            Issue.record("a frame over the limit decoded")
        } catch {
            #expect(error.code == .frameTooLarge)
        }
        #expect(throws: WireError.self) { try small.encode(.fail(JobFailure(jobID: "job-1", attempt: 1, reason: "out of memory", retryable: true))) }
    }

    @Test func garbageIsMalformed() {
        expectError(.malformed, [0xff])
        expectError(.malformed, [0x0a, 0x05, 0x01])            // length runs past the end
        expectError(.malformed, [0x52] + ProtoBytes.varint(1 << 40) + [1, 2])  // huge length prefix
        expectError(.malformed, [0x08])                         // varint cut off
        expectError(.malformed, [0x0f, 0x00])                   // wire type 7 does not exist
    }

    @Test func valuesBreakingRulesAreInvalid() throws {
        expectError(.invalidValue, field: "Fail.attempt", ProtoBytes.envelope(bodyField: Body.fail, failBody(attempt: 0)))
        let fetch = { (digest: [UInt8], maxBytes: UInt64) in
            ProtoBytes.envelope(bodyField: Body.fetch) { $0.data(1, digest); $0.uint(2, 0); $0.uint(3, maxBytes) }
        }
        expectError(.invalidValue, field: "Fetch.sha256", fetch([UInt8](repeating: 1, count: 31), 10))
        expectError(.invalidValue, field: "Fetch.max_bytes", fetch([UInt8](repeating: 1, count: 32), 0))
        expectError(.invalidValue, field: "Fetch.max_bytes", fetch([UInt8](repeating: 1, count: 32), UInt64(ArtifactFetch.maxChunkBytes) + 1))
        let noReason = ProtoBytes.envelope(bodyField: Body.disconnect) { $0.string(1, "bye") }
        expectError(.missingField, field: "Disconnect.reason", noReason)
        for bad: UInt64 in [0, 6, 99] {
            expectError(.unknownEnumValue, field: "Disconnect.reason", ProtoBytes.envelope(bodyField: Body.disconnect) { $0.uint(3, bad) })
        }
        let badUTF8 = ProtoBytes.envelope(bodyField: Body.disconnect) { $0.data(1, [0x66, 0xff, 0x66]); $0.uint(3, 1) }
        expectError(.invalidValue, field: "Disconnect.detail", badUTF8)
        let typed = try? codec.decode(ProtoBytes.envelope(bodyField: Body.disconnect) { $0.uint(3, 1) })
        #expect(typed == .disconnect(Disconnect(.gridComplete)), "a bare reason decodes, its detail empty")
        let spaceInID = ProtoBytes.envelope(bodyField: Body.progress) { b in
            b.string(1, "job 1"); b.uint(2, 1); b.uint(3, 0); b.uint(4, 1)
        }
        expectError(.invalidValue, field: "Progress.job_id", spaceInID)
        let stepPastEnd = ProtoBytes.envelope(bodyField: Body.progress) { b in
            b.string(1, "job-1"); b.uint(2, 1); b.uint(3, 5); b.uint(4, 4)
        }
        expectError(.invalidValue, field: "Progress.step", stepPastEnd)
    }

    @Test func rehearsalNeedsAShareBelowOneAndAPool() throws {
        var hp = Fixtures.jobs[0].hyperparameters
        try hp.validate()
        for (share, pool, field) in [(0.25, UInt32(0), "rehearsal_pool"), (0, 10, "rehearsal_pool"), (1.5, 10, "rehearsal_share"),
                                     (-0.5, 10, "rehearsal_share"), (.nan, 10, "rehearsal_share")] {
            hp.rehearsalShare = share
            hp.rehearsalPool = pool
            #expect(throws: WireError.self, "share \(share), pool \(pool)") { try hp.validate() }
            do { try hp.validate() } catch { #expect("\(error)".contains(field), "\(error) names \(field)") }
        }
        hp.rehearsalShare = 0.25
        hp.rehearsalPool = 10
        try hp.validate()
        hp.rehearsalShare = 1
        try hp.validate()
    }

    @Test func benchmarkShiftIsBoundedSoTheWorkersFloatsAreToo() throws {
        var hp = Fixtures.jobs[0].hyperparameters
        for (contrast, cast, noise, field) in [(1.0, 0.0, 0.0, "shift_contrast"), (-0.1, 0, 0, "shift_contrast"),
                                               (0.5, -0.1, 0, "shift_cast"), (0.5, 0.1, .nan, "shift_noise"), (0.5, .infinity, 0, "shift_cast"),
                                               // Below 1 as a Double, 1 as the Float the worker uses; a cast no Float holds.
                                               (0.999_999_99, 0, 0, "shift_contrast"), (0.5, 1e300, 0, "shift_cast"), (0.5, 0, 0.6, "shift_noise")] {
            (hp.shiftContrast, hp.shiftCast, hp.shiftNoise) = (contrast, cast, noise)
            do {
                try hp.validate()
                Issue.record("contrast \(contrast), cast \(cast), noise \(noise) was accepted")
            } catch { #expect("\(error)".contains(field), "\(error) names \(field)") }
        }
        (hp.shiftContrast, hp.shiftCast, hp.shiftNoise) = (0.8, 0.1, 0)
        try hp.validate()
        (hp.shiftContrast, hp.shiftCast, hp.shiftNoise) = (0.99, 0.5, 0.5)
        try hp.validate()
    }

    @Test func taskWeightsAreOnePositiveWeightPerTaskOrNone() throws {
        var hp = Fixtures.jobs[0].hyperparameters
        let tasks = PerceptionTask.allCases.count
        for weights in [[1.0, 2], [Double](repeating: 1, count: tasks + 1), [0] + [Double](repeating: 1, count: tasks - 1),
                        [.nan] + [Double](repeating: 1, count: tasks - 1), [-1] + [Double](repeating: 1, count: tasks - 1)] {
            hp.taskWeights = weights
            do {
                try hp.validate()
                Issue.record("\(weights) was accepted")
            } catch { #expect("\(error)".contains("task_weights"), "\(error) names task_weights") }
        }
        hp.taskWeights = (1...tasks).map(Double.init)
        try hp.validate()
        hp.taskWeights = []
        try hp.validate()
    }

    @Test func taskVersionsAreOneKnownVersionPerTaskOrNone() throws {
        var hp = Fixtures.jobs[0].hyperparameters
        let tasks = PerceptionTask.allCases.count
        let ones = [UInt32](repeating: 1, count: tasks - 1)
        for (values, words) in [([UInt32(1), 2], "2 version(s)"), (ones + [4], "FD version 4"), ([0] + ones, "VS version 0"),
                                (ones + [1, 1], "14 version(s)")] {
            hp.taskVersions = TaskVersions(wire: values)
            do {
                try hp.validate()
                Issue.record("\(values) was accepted")
            } catch { #expect("\(error)".contains("task_versions") && "\(error)".contains(words), "\(error)") }
        }
        hp.taskVersions = TaskVersions(wire: ones + [3])
        try hp.validate()
        #expect(hp.taskVersions == TaskVersions([.forensicDetection: 3]))
        // All ones is version 1 everywhere: the same hyperparameters as none.
        hp.taskVersions = TaskVersions(wire: ones + [1])
        #expect(hp.taskVersions.isInitial && hp.taskVersions == .initial)
    }

    @Test func firstStagesAreForAStagedPretrainingEachTaskOnce() throws {
        var hp = Fixtures.jobs[0].hyperparameters
        hp.stagedTasks = true
        hp.firstStages = [.forensicDetection, .counting]
        try hp.validate()
        hp.firstStages = [.forensicDetection, .forensicDetection]
        #expect(throws: WireError.self) { try hp.validate() }
        hp.firstStages = [.forensicDetection]
        hp.stagedTasks = false
        do {
            try hp.validate()
            Issue.record("first stages of a mixed pretraining were accepted")
        } catch { #expect("\(error)".contains("first_stages") && "\(error)".contains("staged_tasks is false"), "\(error)") }
    }

    @Test func resultCountsMustAgreeWithCorrectness() {
        let result = { (correct: UInt64, total: UInt64, bits: [UInt8]) in
            ProtoBytes.envelope(bodyField: Body.result) { b in
                b.string(1, "job-1"); b.uint(2, 1); b.uint(3, correct); b.uint(4, total); b.data(5, bits); b.uint(7, 10)
            }
        }
        #expect(throws: Never.self) { try codec.decode(result(2, 9, [0b0000_0011, 0])) }
        expectError(.invalidValue, field: "Result.n_correct", result(3, 9, [0b0000_0011, 0]))
        expectError(.invalidValue, field: "Result.correctness", result(2, 9, [0b0000_0011]))
        expectError(.invalidValue, field: "Result.correctness", result(3, 9, [0b0000_0011, 0b10]))  // bit 9 of 9
        let both = ProtoBytes.envelope(bodyField: Body.result) { b in
            b.string(1, "job-1"); b.uint(2, 1); b.uint(3, 0); b.uint(4, 0); b.data(5, []); b.float(8, 0.5); b.uint(7, 10)
        }
        expectError(.invalidValue, field: "Result", both)
        let neither = ProtoBytes.envelope(bodyField: Body.result) { b in b.string(1, "job-1"); b.uint(2, 1); b.uint(7, 10) }
        expectError(.missingField, field: "Result", neither)
    }

    /// A job's model is a name by `ModelName`'s rule: a frame whose name breaks it is refused,
    /// naming the field. (The name is replaced in a valid frame byte for byte, same length.)
    @Test func modelNamesBreakingTheRuleAreInvalid() throws {
        let frame = try codec.encode(.assign(Assign(job: Fixtures.job(.pretrain, model: .small), attempt: 1, leaseMilliseconds: 10)))
        let small = Array("small".utf8)
        // The last "small": the job id ("pretrain:small") comes first, the model field last.
        let at = try #require((0...(frame.count - small.count)).last { Array(frame[$0..<$0 + small.count]) == small })
        for bad in ["Sm@ll", "s ll.", "sm/ll", "SMALX"] {
            var mutated = frame
            mutated.replaceSubrange(at..<at + small.count, with: Array(bad.utf8))
            expectError(.invalidValue, field: "Assign.job.model", mutated)
        }
        var upper = frame
        upper.replaceSubrange(at..<at + small.count, with: Array("SMALL".utf8))
        guard case let .assign(assign) = try codec.decode(upper) else { Issue.record("not an ASSIGN"); return }
        #expect(assign.job.model == .small, "an engine size's name is read in any case")
        let caps = Fixtures.capabilities[0]
        var twice = caps
        twice.models = [.small, .small]
        #expect(throws: WireError.self) { try codec.encode(.ready(Ready(workerID: "w", host: "h", capabilities: twice))) }
        var none = caps
        none.models = []
        #expect(throws: WireError.self) { try codec.encode(.ready(Ready(workerID: "w", host: "h", capabilities: none))) }
    }

    @Test func jobShapeRulesHold() throws {
        var job = Fixtures.job(.finetune, source: .counting)
        job.source = nil
        #expect(throws: WireError.missing("Assign.job.source")) {
            try codec.encode(.assign(Assign(job: job, attempt: 1, leaseMilliseconds: 10)))
        }
        var evaluate = Fixtures.job(.evaluate, source: .counting, target: .jigsaw)
        evaluate.inputs.removeLast()  // drops the adapter
        #expect(throws: WireError.self) { try codec.encode(.assign(Assign(job: evaluate, attempt: 1, leaseMilliseconds: 10))) }
        var pretrain = Fixtures.job(.pretrain)
        pretrain.target = .jigsaw
        #expect(throws: WireError.self) { try codec.encode(.assign(Assign(job: pretrain, attempt: 1, leaseMilliseconds: 10))) }
        func refused(_ job: JobSpec) -> Bool {
            (try? codec.encode(.assign(Assign(job: job, attempt: 1, leaseMilliseconds: 10)))) == nil
        }
        var both = Fixtures.job(.finetune, source: .counting)
        both.mixture = [.jigsaw]
        #expect(refused(both), "a source and a mixture")
        var twice = Fixtures.job(.finetune)
        twice.mixture = [.jigsaw, .jigsaw]
        #expect(refused(twice), "a task twice in the mixture")
        var shuffledAlone = Fixtures.job(.finetune, source: .counting)
        shuffledAlone.shuffledLabels = true
        #expect(refused(shuffledAlone), "shuffled labels without a mixture")
        var mixtureScore = Fixtures.job(.evaluate, target: .jigsaw)
        mixtureScore.mixture = [.counting]
        #expect(refused(mixtureScore), "a mixture's score without its adapter")
        mixtureScore.inputs.append(ArtifactRef(role: .loraAdapter, digest: Fixtures.digestB, sizeBytes: 1))
        #expect(!refused(mixtureScore))
        var mixedPretrain = Fixtures.job(.pretrain)
        mixedPretrain.mixture = [.counting]
        #expect(refused(mixedPretrain), "a pretrain with a mixture")
        var nan = Fixtures.job(.pretrain)
        nan.hyperparameters.learningRate = .nan
        #expect(throws: WireError.self) { try codec.encode(.assign(Assign(job: nan, attempt: 1, leaseMilliseconds: 10))) }
    }

    @Test func chunkShapesAreChecked() {
        let digest = [UInt8](repeating: 9, count: 32)
        let notFoundWithData = ProtoBytes.envelope(bodyField: Body.chunk) { b in b.data(1, digest); b.uint(5, 1); b.data(4, [1]) }
        expectError(.invalidValue, field: "Chunk.not_found", notFoundWithData)
        let pastEnd = ProtoBytes.envelope(bodyField: Body.chunk) { b in b.data(1, digest); b.uint(2, 10); b.uint(3, 11); b.data(4, [1, 2]) }
        expectError(.invalidValue, field: "Chunk.data", pastEnd)
        let overflow = ProtoBytes.envelope(bodyField: Body.chunk) { b in b.data(1, digest); b.uint(2, .max); b.uint(3, .max); b.data(4, [1]) }
        expectError(.invalidValue, field: "Chunk.data", overflow)
    }

    @Test func errorsSayWhatWasWrong() {
        do {
            _ = try codec.decode(ProtoBytes.envelope(version: 7, bodyField: Body.fail, failBody()))
        } catch {
            #expect(error.description.contains("peer speaks protocol 7"))
            #expect(error.description.contains("same transfergrid version"))
        }
    }
}
