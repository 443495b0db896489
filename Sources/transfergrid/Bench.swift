import ArgumentParser

extension TransferGrid {
    /// `transfergrid bench ...`: performance measurements, each next to its peers.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure performance next to its peers.",
            subcommands: [BenchEngine.self, BenchCoordinator.self, BenchTasks.self]
        )
    }
}
