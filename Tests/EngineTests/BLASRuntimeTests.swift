import Engine
import Testing

@Suite(.serialized) struct BLASRuntimeTests {
    @Test func reportsTheLibrary() {
        #expect(BLASRuntime.configuration.hasPrefix("OpenBLAS"))
        let version = BLASRuntime.version ?? ""
        #expect(version.split(separator: ".").count == 3, "version \(version)")
        #expect(!BLASRuntime.coreName.isEmpty && BLASRuntime.coreName != "unknown")
        #expect(BLASRuntime.processors >= 1)
    }

    @Test func threadCountIsSettable() {
        let before = BLASRuntime.threads
        defer { BLASRuntime.setThreads(before) }
        BLASRuntime.setThreads(1)
        #expect(BLASRuntime.threads == 1)
        BLASRuntime.setThreads(2)
        #expect(BLASRuntime.threads == 2)
    }
}
