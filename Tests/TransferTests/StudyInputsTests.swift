import Foundation
import Report
import Testing
import Transfer

/// `analyze`'s inputs: the format told by the header, bad inputs refused with the file named.
@Suite struct StudyInputsTests {
    static let released = PaperData.folder.appendingPathComponent("task_transferability_data_perfection_gap_factor_qwen-2.5vl-3B-instruct.csv").path

    static func temporary(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inputs-\(UUID().uuidString.prefix(8))-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theReleasedFormatIsReadAndAModelGivenTwiceIsRefused() throws {
        let runs = try StudyInputs.read([Self.released])
        #expect(runs.count == 1 && runs[0].tasks.count == 13 && runs[0].runs.count == 4)
        #expect(throws: TransferInputError.self) { try StudyInputs.read([Self.released, Self.released]) }
    }

    @Test func accuracyCountsOfTheStudysTasksCarryTheirChance() throws {
        let file = try Self.temporary("accuracy.csv", """
            model,seed,source,target,n_correct,n_total
            small,0,baseline,Counting,10,20
            small,0,Counting,Counting,15,20
            """)
        let runs = try StudyInputs.read([file])
        #expect(runs.first?.chance?.count == 1 && runs.first?.chance?[0] == 0.25)
    }

    @Test func anUnknownFormatOrAMissingFileNamesTheFile() throws {
        let file = try Self.temporary("other.csv", "a,b,c\n1,2,3\n")
        do {
            _ = try StudyInputs.read([file])
            Issue.record("an unknown format was read")
        } catch {
            #expect(error.file == file && error.line == 1 && error.message.hasPrefix("not a known format"))
        }
        #expect(throws: TransferInputError.self) { try StudyInputs.read(["/nonexistent/x.csv"]) }
    }
}
