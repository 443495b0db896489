import Foundation

/// Several "hosts" on this machine, made by `cluster/netns/netns.sh`: network namespaces joined
/// by veth links on a bridge, so that coordinator and workers talk over real TCP links that a
/// test can cut. Needs root and iproute2; `available` says whether this machine can.
final class NetworkHosts {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("cluster/netns/netns.sh").path

    /// Root, iproute2 and permission to make a namespace (a container may forbid it).
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip) else { return false }
        let probe = "tgprobe\(getpid())"
        guard (try? run(ip, ["netns", "add", probe])) == 0 else { return false }
        _ = try? run(ip, ["netns", "del", probe])
        return true
    }()

    let prefix: String
    let subnet: String
    let count: Int

    /// Makes `count` hosts, named `<prefix>-h0...`, at `<subnet>.1...`.
    init(count: Int) throws {
        prefix = "tg\(Int.random(in: 10_000..<99_999))"
        subnet = "10.79.\(Int.random(in: 1..<250))"
        self.count = count
        try script("up", "--hosts", "\(count)")
    }

    deinit {
        _ = try? Self.run("/bin/bash", [Self.script, "down", "--prefix", prefix])
    }

    func host(_ n: Int) -> String { "\(prefix)-h\(n)" }
    func address(_ n: Int) -> String { "\(subnet).\(n + 1)" }

    /// Takes host n's link down: its packets are dropped, its connections stay open.
    func cut(_ n: Int) throws { try script("cut", "\(n)") }
    func restore(_ n: Int) throws { try script("restore", "\(n)") }
    /// Drops `percent` % of host n's packets, both ways.
    func loss(_ n: Int, percent: Int) throws { try script("loss", "\(n)", "\(percent)") }
    /// Limits host n's sending rate (tc's notation: "2mbit").
    func rate(_ n: Int, _ rate: String) throws { try script("rate", "\(n)", rate) }

    private func script(_ arguments: String...) throws {
        let status = try Self.run("/bin/bash", [Self.script] + arguments + ["--prefix", prefix, "--subnet", subnet])
        guard status == 0 else { throw NetworkHostsError(description: "netns.sh \(arguments.joined(separator: " ")) exited \(status)") }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct NetworkHostsError: Error, CustomStringConvertible {
    let description: String
}
