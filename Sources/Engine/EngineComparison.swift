import Foundation

/// The table of `transfergrid bench engine`: per model and mode, the engine's examples per
/// second and GFLOP/s, its share of the sgemm peak measured in the same run, and the PyTorch
/// peer's rate beside it when there is one.
public enum EngineComparison {
    /// Measures each model and returns the table's lines (a header, a rule, a row per mode).
    public static func table(models: [(name: String, config: ModelConfig)], batch: Int, seconds: Double,
                             peakGflops: Double, peer: TorchPeer?) throws(EngineError) -> [String] {
        let header = ["size", "params", "mode", "engine ex/s", "GFLOP/s", "% of peak", "torch ex/s", "engine/torch"]
        var rows: [[String]] = []
        for (name, config) in models {
            for m in try EngineBenchmark.run(config: config, batch: batch, seconds: seconds) {
                let peerRate = peer?.results[name]?[m.mode]
                rows.append([
                    name, "\(config.parameterCount)", m.mode, fixed(m.examplesPerSecond, 1),
                    fixed(m.gflops, 1), fixed(100 * m.gflops / peakGflops, 0) + " %",
                    peerRate.map { fixed($0, 1) } ?? "-", peerRate.map { fixed(m.examplesPerSecond / $0, 2) + "x" } ?? "-",
                ])
            }
        }
        return aligned(header, rows, leftColumns: 3)
    }

    /// `value` with `decimals` digits after the point.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// Columns padded to their widest cell: the first `leftColumns` flush left, the rest right.
    static func aligned(_ header: [String], _ rows: [[String]], leftColumns: Int) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < leftColumns ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }
}
