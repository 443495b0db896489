import Foundation

/// The same model in PyTorch CPU, measured by `scripts/bench_torch.py`: the peer that
/// `transfergrid bench engine` sets beside the engine's rates.
public struct TorchPeer: Decodable, Sendable {
    /// PyTorch's version.
    public var torch: String
    public var threads: Int
    /// Examples per second by model name, then by mode ("eval", "train (full)", "train (LoRA)").
    public var results: [String: [String: Double]]

    /// Runs `python3 script` on the named sizes; a failed run is an error that says how to
    /// install the peer or leave it out.
    public static func measure(script: String, sizes: [String], batch: Int, threads: Int, seconds: Double) throws(EngineError) -> TorchPeer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--sizes", sizes.joined(separator: ","),
                             "--batch", "\(batch)", "--threads", "\(threads)", "--seconds", "\(seconds)"]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { throw EngineError(.io, "cannot start python3 \(script): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EngineError(.io, "the PyTorch peer failed (exit \(process.terminationStatus)); install it with "
                + "pip install \"torch==2.13.0+cpu\", or pass --no-torch")
        }
        do { return try JSONDecoder().decode(TorchPeer.self, from: data) } catch {
            throw EngineError(.io, "the PyTorch peer printed no result this version reads (\(error)); use the repository's \(script)")
        }
    }
}
