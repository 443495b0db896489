import ArgumentParser
import Foundation
import Keys
import ZeroMQ

extension TransferGrid {
    /// `transfergrid keys ...`: the CURVE keys of a cluster.
    struct KeysCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Make and manage the CURVE keys that encrypt the cluster and let in only known workers.",
            discussion: """
                On the head node: `keys init`, then for each worker machine `keys new-worker --dir DIR` (there or \
                here), `keys authorize PUBLIC_KEY --name NAME` here, and copy coordinator.pub to the worker's key \
                folder. Start the coordinator with --keys DIR and each worker with --keys DIR. Secret keys and the \
                authorized list are written with mode 0600 and refused when others can read them.
                """,
            subcommands: [Init.self, NewWorker.self, Authorize.self, Revoke.self, List.self]
        )

        struct Folder: ParsableArguments {
            @Option(help: "The key folder.")
            var dir = "keys"

            var directory: KeyDirectory { KeyDirectory(path: dir) }
        }

        static func check(_ body: () throws(KeyError) -> Void) throws {
            do { try body() } catch { throw CLIError(error.message) }
        }

        struct Init: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make the coordinator's key pair (coordinator.key, coordinator.pub).")
            @OptionGroup var folder: Folder
            @Flag(help: "Replace an existing key pair (every worker then needs the new coordinator.pub).")
            var force = false

            func run() throws {
                try KeysCommand.check { () throws(KeyError) in
                    let key = try folder.directory.initCoordinator(force: force)
                    print("coordinator public key: \(key.z85)")
                    print("wrote \(folder.directory.coordinatorSecretFile) (0600) and \(folder.directory.coordinatorPublicFile); copy the .pub to every worker's key folder")
                }
            }
        }

        struct NewWorker: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "new-worker", abstract: "Make a worker's key pair (worker.key, worker.pub).")
            @OptionGroup var folder: Folder
            @Flag(help: "Replace an existing worker key pair.")
            var force = false

            func run() throws {
                try KeysCommand.check { () throws(KeyError) in
                    let key = try folder.directory.newWorker(force: force)
                    print("worker public key: \(key.z85)")
                    print("wrote \(folder.directory.workerSecretFile) (0600) and \(folder.directory.workerPublicFile); on the coordinator: transfergrid keys authorize \(key.z85)")
                }
            }
        }

        struct Authorize: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Let a worker's public key in (takes effect at its next connection).")
            @OptionGroup var folder: Folder
            @Argument(help: "The worker's public key (40 characters of Z85), or a file holding it (worker.pub).")
            var publicKey: String
            @Option(help: "A name for the worker, shown in the coordinator's log.")
            var name = ""

            func validate() throws {
                if name.contains("\n") { throw ValidationError("--name must be one line") }
            }

            func run() throws {
                let text = FileManager.default.fileExists(atPath: publicKey)
                    ? ((try? String(contentsOfFile: publicKey, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) : publicKey
                let key: CurveKey
                do { key = try CurveKey(z85: text) } catch { throw CLIError("\(publicKey): \(error.detail ?? "not a key"); give the worker's public key, as printed by `transfergrid keys new-worker`") }
                try KeysCommand.check { () throws(KeyError) in
                    var list = try folder.directory.authorized()
                    list.authorize(key, name: name)
                    try folder.directory.saveAuthorized(list)
                    print("authorized \(key.z85)\(name.isEmpty ? "" : " (\(name))"): \(list.entries.count) worker key(s) in \(folder.directory.authorizedFile)")
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Shut a worker out (refused at its next connection).")
            @OptionGroup var folder: Folder
            @Argument(help: "The worker's public key or name.")
            var keyOrName: String

            func run() throws {
                try KeysCommand.check { () throws(KeyError) in
                    var list = try folder.directory.authorized()
                    let removed = list.revoke(keyOrName)
                    guard removed > 0 else { throw KeyError("no authorized worker has the key or name \(keyOrName); see `transfergrid keys list`") }
                    try folder.directory.saveAuthorized(list)
                    print("revoked \(removed) key(s); \(list.entries.count) left. A worker still connected is refused when it next connects.")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show the coordinator's public key and the authorized workers.")
            @OptionGroup var folder: Folder

            func run() throws {
                try KeysCommand.check { () throws(KeyError) in
                    if let pair = try? folder.directory.coordinatorKeys() { print("coordinator \(pair.publicKey.z85)") }
                    for entry in try folder.directory.authorized().entries { print("worker      \(entry.key.z85) \(entry.name)") }
                }
            }
        }
    }
}
