public import ZeroMQ

/// The workers a coordinator lets in: one line per worker, its CURVE public key (40 characters
/// of Z85) and a name; a line starting with `#` is a comment (only there: Z85 keys may hold
/// `#`). Pure parsing and formatting.
public struct AuthorizedKeys: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: CurveKey
        public var name: String
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    /// Reads the file's text; a bad line is an error naming its number.
    public init(text: String, file: String) throws(KeyError) {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first else { continue }
            let key: CurveKey
            do { key = try CurveKey(z85: String(first)) } catch {
                throw KeyError("\(file):\(number + 1): \(error.detail ?? "not a key"); each line is a worker's public key and a name")
            }
            entries.append(Entry(key: key, name: fields.dropFirst().joined(separator: " ")))
        }
    }

    public var text: String {
        "# Workers this coordinator lets in: public key (Z85) and name. Managed by `transfergrid keys authorize/revoke`.\n"
            + entries.map { "\($0.key.z85) \($0.name)\n" }.joined()
    }

    public func name(of key: CurveKey) -> String? { entries.first { $0.key == key }?.name }

    /// Adds a key (or renames it when present).
    public mutating func authorize(_ key: CurveKey, name: String) {
        if let index = entries.firstIndex(where: { $0.key == key }) { entries[index].name = name } else { entries.append(Entry(key: key, name: name)) }
    }

    /// Removes the entries whose key (Z85) or name is `keyOrName`; how many went.
    public mutating func revoke(_ keyOrName: String) -> Int {
        let before = entries.count
        entries.removeAll { $0.key.z85 == keyOrName || (!$0.name.isEmpty && $0.name == keyOrName) }
        return before - entries.count
    }
}
