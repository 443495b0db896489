import Foundation
import Testing
import Grid

/// The built binary's `--help` agrees with what it does: every command that takes `--preset`
/// names every preset the grid layer knows.
@Suite struct HelpTests {
    /// `transfergrid ARGUMENTS` to its exit; its standard output with runs of white space as one
    /// space (the help is wrapped to the terminal width).
    func output(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = Cluster.binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "transfergrid \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: [["run", "--help"], ["coordinator", "--help"]])
    func presetHelpNamesEveryPreset(_ arguments: [String]) throws {
        let help = try output(arguments)
        let preset = try #require(help.range(of: "--preset <preset>"), "no --preset option in `transfergrid \(arguments[0]) --help`")
        let text = help[preset.upperBound...]
        for name in GridSpec.presetNames {
            #expect(text.contains("\(name) ("), "`transfergrid \(arguments[0]) --help` does not describe the preset \(name)")
        }
    }
}
