internal import Foundation
internal import ZeroMQ

/// Which endpoints other machines can reach, and the rule that guards them: a coordinator
/// listens beyond this machine only with CURVE, unless told `insecure`.
public enum BindExposure {
    /// Whether `endpoint` (tcp://HOST:PORT, ipc://..., inproc://...) is reachable from this machine only.
    public static func isLoopback(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = String(endpoint.dropFirst("tcp://".count))
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        host = host.trimmingCharacters(in: ["[", "]"])
        // "tcp://eth0;192.168.1.1:5555" binds an interface: not loopback.
        return host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4)
    }

    /// Refuses a non-loopback `bind` without CURVE unless `insecure`; returns the warning to log
    /// when it is allowed so (nil when the bind is safe).
    /// - Parameter keysAdvice: how the caller's command gets CURVE.
    public static func check(bind: String, curve: Bool, insecure: Bool,
                             keysAdvice: String = "make keys (`transfergrid keys init`, `transfergrid keys authorize WORKER_KEY`) and pass --keys DIR")
        throws(CoordinatorError) -> String? {
        do { try ZeroMQLibrary.requireMinimumVersion() } catch { throw CoordinatorError("\(error)") }
        guard !curve, !isLoopback(bind) else { return nil }
        guard insecure else {
            throw CoordinatorError("""
                refusing to listen on \(bind) without CURVE: anyone who can reach that port could join the grid or \
                flood it. To let workers of other machines in, \(keysAdvice); or bind a loopback address; or pass \
                --insecure on a network you trust completely
                """)
        }
        return "--insecure: listening on \(bind) without encryption or authentication; any machine that reaches it can join"
    }
}
