internal import Foundation

/// A worker's id when none is given: kept in its cache folder, made on its first start as
/// `<host>-<8 hex>`, so that a restarted worker registers under the same id.
public enum WorkerIdentity {
    /// The id kept in `cacheDirectory/worker-id`, made (and the folder with it) when missing.
    public static func persistent(cacheDirectory: String, host: String) throws(WorkerError) -> String {
        let file = cacheDirectory + "/worker-id"
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !id.isEmpty { return id }
        }
        let safeHost = String(host.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(60))
        let id = "\(safeHost)-\(String(UInt32.random(in: .min ... .max), radix: 16))"
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            try id.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw WorkerError("cannot write the worker id to \(file): \(error); pass --cache-dir or --id")
        }
        return id
    }
}
