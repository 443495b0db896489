import ArgumentParser
import Engine
import Wire

@main
struct TransferGrid: ParsableCommand {
    /// Every command computes with one OpenBLAS kernel family on every x86-64 machine
    /// (`KernelFamily`): the first thing a process does, before any score.
    static func main() {
        KernelFamily.pinPortable()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "transfergrid",
        abstract: "Measure task transfer in vision-language models on a distributed grid.",
        version: SoftwareVersion.current,
        subcommands: [Version.self, Run.self, Coordinator.self, Worker.self, KeysCommand.self, Status.self, Backup.self, ReportCommand.self, Analyze.self, Calibrate.self, Tasks.self, GridCommand.self, Bench.self]
    )
}
