internal import Core
import ArgumentParser
import Grid

extension TransferGrid {
    /// `transfergrid grid show|check`: the specs `--grid FILE` takes.
    struct GridCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grid",
            abstract: "Print a preset as a YAML grid spec (a template for --grid FILE), or check a spec file.",
            subcommands: [Show.self, Check.self]
        )

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a preset's spec as YAML.")

            @Argument(help: "The preset: \(GridSpec.presetNames.joined(separator: ", ")).")
            var preset = "quick"

            func run() throws {
                do {
                    print(try GridSpec.preset(preset).yamlText(), terminator: "")
                } catch {
                    throw CLIError(error.message)
                }
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Read a spec file; print its jobs and hash, or what is wrong with it.")

            @Argument(help: "The YAML spec.")
            var file: String

            func run() throws {
                let graph: JobGraph
                do {
                    graph = try JobGraph(spec: GridSpec.load(path: file))
                } catch {
                    throw CLIError(error.message)
                }
                let spec = graph.spec
                print("\(file): grid \(spec.name) (\(graph.hash.hex.prefix(12))): \(graph.jobs.count) jobs "
                    + "(\(spec.models.joined(separator: ", ")); seeds \(spec.seeds.map(String.init).joined(separator: ", ")))")
            }
        }
    }
}
