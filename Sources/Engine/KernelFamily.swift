internal import Foundation

/// Which OpenBLAS kernel family a transfergrid process computes with.
///
/// OpenBLAS picks its kernels for the CPU when the library loads, and kernel families round
/// differently: the same grid pretrained through Cooperlake kernels and through Haswell ones
/// gives other bases (`experiments/grids/run-28.yaml`'s base: VC 57.8 against 40.9 % zero-shot). So that a
/// grid's scores are the same bits on every x86-64 machine of the last decade, a transfergrid
/// process on a CPU with AVX2 and FMA computes with the Haswell family, whatever OpenBLAS would
/// choose: `pinPortable()` sets `OPENBLAS_CORETYPE=Haswell` and executes the binary again (the
/// variable is read once, at load, before `main`). A family chosen by the user with
/// `OPENBLAS_CORETYPE` is kept; the coordinator still refuses a worker whose family differs
/// from the grid's.
public enum KernelFamily {
    /// The family every AVX2 + FMA machine can run.
    public static let portable = "Haswell"
    /// Set on the second execution: the family OpenBLAS would have chosen.
    static let nativeVariable = "TRANSFERGRID_NATIVE_BLAS_CORE"

    /// The family OpenBLAS picked for this CPU before `pinPortable()` asked for another, or
    /// nil when this process computes with OpenBLAS's own choice.
    public static var replacedNative: String? {
        ProcessInfo.processInfo.environment[nativeVariable].flatMap { $0.isEmpty || $0 == BLASRuntime.coreName ? nil : $0 }
    }

    /// Whether this CPU has AVX2 and FMA (what Haswell kernels need), from /proc/cpuinfo.
    static var cpuRunsPortable: Bool {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let set = Set(flags.split(separator: " ").map(String.init))
        return set.contains("avx2") && set.contains("fma")
        #else
        return false
        #endif
    }

    /// Executes this binary again with `OPENBLAS_CORETYPE=Haswell` when the user chose no family
    /// (the variable unset or empty) and OpenBLAS chose another on a CPU that can run Haswell
    /// kernels; otherwise returns. If the binary cannot be executed again, it goes on with
    /// OpenBLAS's choice and says so.
    public static func pinPortable() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] ?? "" == "", environment[nativeVariable] ?? "" == "" else { return }
        let native = BLASRuntime.coreName
        guard native != portable, cpuRunsPortable else { return }
        setenv("OPENBLAS_CORETYPE", portable, 1)
        setenv(nativeVariable, native, 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &argv)
        let reason = String(cString: strerror(errno))
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(nativeVariable)
        FileHandle.standardError.write(Data("""
            transfergrid: cannot execute itself again with OPENBLAS_CORETYPE=\(portable) (\(reason)); computing with \
            OpenBLAS's \(native) kernels, whose scores differ from Haswell machines'. Set OPENBLAS_CORETYPE to choose.

            """.utf8))
    }
}
