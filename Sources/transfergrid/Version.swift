import ArgumentParser
import Engine
import Wire
import ZeroMQ

extension TransferGrid {
    /// `transfergrid version`: this build and the libraries it runs on.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the versions of transfergrid, its wire protocol and the C libraries it runs on."
        )

        func run() {
            BLASRuntime.setThreads(1)
            let rows: [(String, String)] = [
                ("transfergrid", SoftwareVersion.current),
                ("protocol", "\(WireCodec.protocolVersion)"),
                ("libzmq", "\(ZeroMQLibrary.version) (curve: \(ZeroMQLibrary.has("curve") ? "yes" : "no"))"),
                ("protobuf-c", WireCodec.protobufCVersion),
                ("OpenBLAS", "\(BLASRuntime.version ?? "unknown") (core: \(BLASRuntime.coreName)"
                    + (KernelFamily.replacedNative.map { ", for portable scores; this CPU's own: \($0)" } ?? "")
                    + ", threads per job: \(BLASRuntime.threads), processors: \(BLASRuntime.processors))"),
                ("OpenBLAS config", BLASRuntime.configuration),
            ]
            let width = rows.map(\.0.count).max() ?? 0
            for (name, value) in rows {
                print(name + String(repeating: " ", count: width - name.count + 2) + value)
            }
        }
    }
}
