import Core
import ArgumentParser
import Foundation
import Grid
import Store
import LocalGrid

extension TransferGrid {
    /// `transfergrid status`: where a grid stands, from its store (also while it runs).
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a grid's progress from its store: counts by state and kind, workers, ETA, failures."
        )

        @Option(help: "The store (SQLite).")
        var store = "transfergrid.db"

        func run() throws {
            let status: StoreStatus, left: Double?, disk: Store.DiskRoom?
            let now = Date().timeIntervalSince1970
            do {
                let database = try Store(path: store, readOnly: true)
                status = try database.status()
                disk = database.diskRoom()
                left = try database.grid().flatMap { try? JobGraph(spec: $0.spec) }
                    .flatMap { database.timeLeft(of: $0, status: status, now: now) }
            } catch {
                throw CLIError(error.message)
            }
            StatusText.lines(status, left: left, now: now, disk: disk).forEach { print($0) }
        }
    }
}
