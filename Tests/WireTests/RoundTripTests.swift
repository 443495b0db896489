import Core
import Testing
import Wire

@Suite struct RoundTripTests {
    let codec = WireCodec()

    @Test func everyMessageTypeIsCovered() {
        let names = Set(Fixtures.messages.map(\.name))
        #expect(names == ["READY", "HEARTBEAT", "ASSIGN", "PROGRESS", "RESULT", "FAIL", "FETCH", "CHUNK", "ACK", "DISCONNECT"])
    }

    @Test(arguments: Fixtures.messages)
    func roundTrip(_ message: Message) throws {
        let bytes = try codec.encode(message)
        let decoded = try codec.decode(bytes)
        #expect(decoded == message)
        // Encoding is deterministic: the same message gives the same bytes.
        #expect(try codec.encode(decoded) == bytes)
    }

    @Test func everyTaskSurvivesAsSourceAndTarget() throws {
        for task in PerceptionTask.allCases {
            let message = Message.assign(Assign(job: Fixtures.job(.evaluate, source: task, target: task), attempt: 1, leaseMilliseconds: 1))
            guard case let .assign(decoded) = try codec.decode(codec.encode(message)) else {
                Issue.record("ASSIGN came back as another message")
                continue
            }
            #expect(decoded.job.source == task)
            #expect(decoded.job.target == task)
        }
    }

    @Test func resultCountsComeFromCorrectness() throws {
        let answers = [true, false, true, true, false, false, false, true, true]
        let message = Message.result(JobResult(jobID: "eval", attempt: 1, outcome: .evaluation(CorrectnessBits(answers)), durationMilliseconds: 5))
        guard case let .result(result) = try codec.decode(codec.encode(message)), case let .evaluation(bits) = result.outcome else {
            Issue.record("RESULT did not come back as an evaluation")
            return
        }
        #expect(bits.answers == answers)
        #expect(result.correctCount == 5)
        #expect(result.totalCount == 9)
    }

    @Test func maximalChunkFitsTheDefaultFrameLimit() throws {
        let chunk = Message.chunk(ArtifactChunk(digest: Fixtures.digestA, content: .data(
            offset: 0, totalBytes: UInt64(ArtifactFetch.maxChunkBytes), bytes: [UInt8](repeating: 7, count: Int(ArtifactFetch.maxChunkBytes)))))
        let bytes = try codec.encode(chunk)
        #expect(bytes.count <= WireCodec.defaultMaxFrameBytes)
        #expect(try codec.decode(bytes) == chunk)
    }

    @Test func digestHexRoundTrips() {
        let hex = Fixtures.digestA.hex
        #expect(hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(SHA256Digest(hex: hex) == Fixtures.digestA)
        #expect(SHA256Digest(hex: hex.uppercased()) == Fixtures.digestA)
        #expect(SHA256Digest(hex: String(hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: String(hex.dropLast()) + "g") == nil)
        #expect(SHA256Digest(bytes: [1, 2, 3]) == nil)
    }

    @Test func taskNamesMatchTheReleasedData() {
        #expect(PerceptionTask.allCases.count == 13)
        #expect(PerceptionTask(named: "Multi-view_Reasoning") == .multiViewReasoning)
        #expect(PerceptionTask(named: "rd") == .relativeDepth)
        #expect(PerceptionTask(named: "IQ_Test") == nil)
        // science.md's table: abbreviation, options, images per question.
        let table = "VS 2 3, AS 2 3, VC 4 2, RD 2 1, RR 3 1, SR 2 1, JG 2 3, CN 4 1, FC 4 2, SC 4 2, MR 2 2, OL 2 1, FD 4 4"
        let rows = PerceptionTask.allCases.map { "\($0.abbreviation) \($0.optionCount) \($0.imagesPerQuestion)" }
        #expect(rows.joined(separator: ", ") == table)
    }
}
