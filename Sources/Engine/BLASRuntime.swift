internal import COpenBLAS

/// The OpenBLAS this process computes with, and its thread count.
///
/// Jobs run with one BLAS thread by default so that several jobs share a machine cleanly and
/// every GEMM sums in the same order: the same seed gives the same bits.
public enum BLASRuntime {
    /// The library's build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// The version number taken from `configuration` ("0.3.21"), or nil when it is not there.
    public static var version: String? {
        let words = configuration.split(separator: " ")
        guard let index = words.firstIndex(of: "OpenBLAS"), index + 1 < words.count else { return nil }
        return String(words[index + 1])
    }

    /// The kernel family OpenBLAS chose for this CPU ("Haswell", "SkylakeX", ...).
    public static var coreName: String {
        guard let text = openblas_get_corename() else { return "unknown" }
        return String(cString: text)
    }

    /// Threads OpenBLAS uses for one call.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Processors OpenBLAS sees.
    public static var processors: Int { Int(openblas_get_num_procs()) }

    /// Sets the threads OpenBLAS uses for one call (at least 1).
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "OpenBLAS needs at least one thread, got \(count)")
        openblas_set_num_threads(Int32(count))
    }
}
