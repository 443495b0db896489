import Foundation
import Logging
import ZeroMQ

/// Which endpoints other machines can reach, and the rule that guards them: a coordinator
/// listens beyond this machine only with CURVE, unless told `--insecure`.
enum Exposure {
    /// Whether `endpoint` (tcp://HOST:PORT, ipc://..., inproc://...) is reachable from this machine only.
    static func isLoopback(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = String(endpoint.dropFirst("tcp://".count))
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        host = host.trimmingCharacters(in: ["[", "]"])
        // "tcp://eth0;192.168.1.1:5555" binds an interface: not loopback.
        return host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4)
    }

    /// Refuses a non-loopback bind without CURVE unless `insecure`; warns when it is allowed so.
    /// - Parameter keysAdvice: how this command gets CURVE.
    static func check(bind: String, curve: Bool, insecure: Bool, logger: Logger,
                      keysAdvice: String = "make keys (`transfergrid keys init`, `transfergrid keys authorize WORKER_KEY`) and pass --keys DIR") throws {
        do { try ZeroMQLibrary.requireMinimumVersion() } catch { throw CLIError("\(error)") }
        guard !curve, !isLoopback(bind) else { return }
        guard insecure else {
            throw CLIError("""
                refusing to listen on \(bind) without CURVE: anyone who can reach that port could join the grid or \
                flood it. To let workers of other machines in, \(keysAdvice); or bind a loopback address; or pass \
                --insecure on a network you trust completely
                """)
        }
        logger.warning("--insecure: listening on \(bind) without encryption or authentication; any machine that reaches it can join")
    }
}
