import ArgumentParser
import Wire

@main
struct TransferGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfergrid",
        abstract: "Measure task transfer in vision-language models on a distributed grid.",
        version: SoftwareVersion.current,
        subcommands: [Version.self, Run.self, Coordinator.self, Worker.self, KeysCommand.self, Status.self, ReportCommand.self, Analyze.self, Calibrate.self, Tasks.self, GridCommand.self, Bench.self]
    )
}
