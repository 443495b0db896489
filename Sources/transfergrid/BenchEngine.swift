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

    @Option(parsing: .upToNextOption, help: "Model sizes to measure: tiny, small, medium, large.")
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
        print("sgemm peak, same run: \(EngineComparison.fixed(peak.gflops, 1)) GFLOP/s (\(peak.shape))")
        do throws(EngineError) {
            let peer = torch ? try TorchPeer.measure(script: torchScript, sizes: sizes.map(\.description), batch: batch,
                                                     threads: threads, seconds: seconds) : nil
            if let peer { print("PyTorch \(peer.torch), \(peer.threads) thread(s)") }
            print("")
            let models = sizes.map { (name: $0.description, config: $0.engineConfig) }
            try EngineComparison.table(models: models, batch: batch, seconds: seconds, peakGflops: peak.gflops, peer: peer)
                .forEach { print($0) }
        } catch {
            throw CLIError(error.message)
        }
    }
}
