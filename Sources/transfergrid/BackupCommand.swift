import ArgumentParser
import Store

extension TransferGrid {
    /// `transfergrid backup`: a consistent copy of a store and its artifacts, also while it runs.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a store and its artifacts consistently, also while its coordinator runs.",
            discussion: """
                The database is copied by SQLite's online backup (one snapshot) and every artifact it references \
                is checked against its digest; artifacts already in the folder are not copied again, and the copy \
                replaces an earlier backup there only once it is whole. A coordinator started on the copy resumes \
                without running again any job done in it.
                """
        )

        @Option(help: "The store (SQLite) to copy.")
        var store = "transfergrid.db"

        @Option(help: "The folder to copy it into (created when missing); the copy keeps the store's file name.")
        var to: String

        func run() throws {
            do {
                let copy = try Store(path: store, readOnly: true).backup(to: to)
                print("backed up \(store) to \(copy.path): \(copy.jobsDone) job(s) done, \(copy.artifacts) artifact(s) "
                    + "(\(copy.copied) copied, \(copy.copiedBytes) bytes; the rest were there already)")
            } catch {
                throw CLIError(error.message)
            }
        }
    }
}
