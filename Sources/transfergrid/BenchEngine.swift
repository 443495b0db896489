import Core
import ArgumentParser
import Engine
import Foundation
import Worker

/// `transfergrid bench engine`: engine throughput per model size, next to OpenBLAS's sgemm
/// peak measured in the same run and the same model in PyTorch CPU.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Engine throughput per model size, next to the same-run sgemm peak and PyTorch CPU."
    )

    @Option(parsing: .upToNextOption, help: "Model sizes to measure: small, medium, large.")
    var sizes: [ModelSize] = ModelSize.allCases

    @Option(help: "Examples per batch.")
    var batch = 16

    @Option(help: "BLAS threads (and PyTorch threads).")
    var threads = 1

    @Option(help: "Seconds to spend on each measurement (the median run is reported).")
    var seconds = 2.0

    @Flag(inversion: .prefixedNo, help: "Also run the PyTorch peer (python3 with torch installed).")
    var torch = true

    @Option(help: "The PyTorch peer script.")
    var torchScript = "scripts/bench_torch.py"

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive, got \(seconds)") }
        if torch && !FileManager.default.fileExists(atPath: torchScript) {
            throw ValidationError("the PyTorch peer \(torchScript) is not there; run from the repository root, pass --torch-script, or --no-torch")
        }
    }

    func run() throws {
        BLASRuntime.setThreads(threads)
        print("OpenBLAS \(BLASRuntime.version ?? "?") (\(BLASRuntime.coreName)), \(threads) thread(s), batch \(batch)")
        let peak = EngineBenchmark.sgemmPeak()
        print("sgemm peak, same run: \(format(peak.gflops, 1)) GFLOP/s (\(peak.shape))")
        let peer = torch ? try runTorch() : nil
        if let peer { print("PyTorch \(peer.version), \(peer.threads) thread(s)") }
        print("")
        let header = ["size", "params", "mode", "engine ex/s", "GFLOP/s", "% of peak", "torch ex/s", "engine/torch"]
        var rows: [[String]] = []
        for size in sizes {
            let config = size.engineConfig
            for m in try EngineBenchmark.run(config: config, batch: batch, seconds: seconds) {
                let peerRate = peer?.results[size.description]?[m.mode]
                rows.append([
                    size.description, "\(config.parameterCount)", m.mode, format(m.examplesPerSecond, 1),
                    format(m.gflops, 1), format(100 * m.gflops / peak.gflops, 0) + " %",
                    peerRate.map { format($0, 1) } ?? "-", peerRate.map { format(m.examplesPerSecond / $0, 2) + "x" } ?? "-",
                ])
            }
        }
        printTable(header, rows)
    }

    struct Peer: Decodable {
        var torch: String
        var threads: Int
        var results: [String: [String: Double]]
        var version: String { torch }
    }

    private func runTorch() throws -> Peer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", torchScript, "--sizes", sizes.map(\.description).joined(separator: ","),
                             "--batch", "\(batch)", "--threads", "\(threads)", "--seconds", "\(seconds)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("the PyTorch peer failed (exit \(process.terminationStatus)); install it with "
                + "pip install \"torch==2.13.0+cpu\", or pass --no-torch")
        }
        return try JSONDecoder().decode(Peer.self, from: data)
    }
}

func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            let pad = String(repeating: " ", count: widths[index] - cell.count)
            return index < 3 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }
    print(line(header))
    print(line(widths.map { String(repeating: "-", count: $0) }))
    for row in rows { print(line(row)) }
}
