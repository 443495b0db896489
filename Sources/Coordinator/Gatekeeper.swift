internal import Glibc
internal import Keys
internal import ZeroMQ

/// The coordinator's ZAP handler: a REP socket at `ZAP.endpoint`, bound before the ROUTER so
/// that no CURVE handshake can complete without an answer from it. It admits a worker only when
/// its public key is in `authorized_workers`; anything else, or a list that cannot be read,
/// is refused (fail closed).
final class Gatekeeper {
    let socket: Socket
    private let keys: KeyDirectory
    private var authorized = AuthorizedKeys()
    private var fileStamp: [Int] = []

    /// What happened to one request, for the log.
    enum Verdict {
        case admitted(name: String, address: String)
        case refused(reason: String, address: String)
    }

    init(context: Context, keys: KeyDirectory) throws {
        self.keys = keys
        socket = try context.socket(.reply)
        try socket.set(.linger, 0)
        try socket.bind(ZAP.endpoint)
    }

    /// Answers every waiting request.
    func serve() throws -> [Verdict] {
        var verdicts: [Verdict] = []
        while let frames = try socket.receive(dontWait: true) {
            guard let request = ZAP.parse(frames) else {
                try socket.send(ZAP.internalError(frames))
                verdicts.append(.refused(reason: "malformed ZAP request", address: "?"))
                continue
            }
            let (allowed, reason, name) = decide(request)
            try socket.send(ZAP.reply(to: request, allowed: allowed, status: reason, userID: name))
            verdicts.append(allowed ? .admitted(name: name, address: request.address) : .refused(reason: reason, address: request.address))
        }
        return verdicts
    }

    private func decide(_ request: ZAP.Request) -> (Bool, String, String) {
        guard request.domain == CurveSecurity.domain else { return (false, "unknown ZAP domain \(request.domain)", "") }
        guard let key = request.curveKey else { return (false, "not a CURVE handshake (\(request.mechanism))", "") }
        let list: AuthorizedKeys
        do { list = try current() } catch { return (false, "the authorized list cannot be read (\(error)); refusing everyone", "") }
        guard let name = list.name(of: key) else {
            return (false, "key \(key.z85) is not authorized (on the coordinator: transfergrid keys authorize \(key.z85))", "")
        }
        return (true, "OK", name.isEmpty ? String(key.z85.prefix(8)) : name)
    }

    /// The authorized list, read again when the file's inode, size or modification time changed
    /// (`keys authorize/revoke` replace the file by renaming, so the inode changes).
    private func current() throws(KeyError) -> AuthorizedKeys {
        var info = stat()
        let stamp = stat(keys.authorizedFile, &info) == 0
            ? [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)] : []
        if stamp != fileStamp || stamp.isEmpty {
            authorized = try keys.authorized()
            fileStamp = stamp
        }
        return authorized
    }
}
