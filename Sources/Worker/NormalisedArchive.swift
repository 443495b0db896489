internal import Foundation

/// A runner's training output (a file or a folder) as one artifact: a POSIX ustar archive
/// written the same way every time, so equal contents give equal bytes and equal digests.
///
/// The form: entries in byte order of their paths (a folder before what it holds), every
/// folder mode 0755 and file 0644 (0755 when its owner may execute it), owner and group 0
/// with no names, modification time 0, then two zero blocks. A single file is archived
/// under its own name. Only folders and regular files: a symbolic link, device or socket
/// in the output is refused, and so is a path ustar cannot hold (over 255 bytes, or no
/// slash that leaves at most 155 bytes before it and 100 after). Extraction takes the same
/// subset and refuses an absolute path, a `..` component or a damaged header, so an
/// archive from the network cannot write outside its destination.
enum NormalisedArchive {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Entry {
        let path: String
        let isFolder: Bool
        let executable: Bool
        let source: String
    }

    /// Archives `path` (a file or a folder) into `destination`.
    static func write(_ path: String, to destination: String) throws(Failure) {
        var entries: [Entry] = []
        let root = URL(fileURLWithPath: path)
        switch kind(of: path) {
        case .file(let executable):
            entries.append(Entry(path: root.lastPathComponent, isFolder: false, executable: executable, source: path))
        case .folder:
            try collect(folder: path, prefix: "", into: &entries)
        case .other(let what):
            throw Failure(description: "\(path) is \(what); an output is a regular file or a folder")
        case .missing:
            throw Failure(description: "\(path) does not exist")
        }
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let handle = FileHandle(forWritingAtPath: destination) else {
            throw Failure(description: "cannot create \(destination)")
        }
        defer { try? handle.close() }
        do {
            for entry in entries {
                let name = entry.isFolder ? entry.path + "/" : entry.path
                var size = 0
                if !entry.isFolder {
                    let attributes = try FileManager.default.attributesOfItem(atPath: entry.source)
                    size = (attributes[.size] as? Int) ?? 0
                }
                try handle.write(contentsOf: try header(name: name, size: size, folder: entry.isFolder, executable: entry.executable))
                if !entry.isFolder {
                    try copy(entry.source, size: size, to: handle)
                    let padding = (512 - size % 512) % 512
                    if padding > 0 { try handle.write(contentsOf: Data(count: padding)) }
                }
            }
            try handle.write(contentsOf: Data(count: 1024))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot write \(destination): \(error.localizedDescription)")
        }
    }

    /// Unpacks an archive made by `write` into `destination` (created; must be empty or absent).
    static func extract(_ archive: String, into destination: String) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: archive) else { throw Failure(description: "cannot read \(archive)") }
        let bytes = [UInt8](data)
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(destination): \(error.localizedDescription)")
        }
        var offset = 0
        while offset + 512 <= bytes.count {
            let block = bytes[offset..<(offset + 512)]
            if block.allSatisfy({ $0 == 0 }) { return }
            let stored = octal(block, at: 148, length: 8)
            var sum = 0
            for (i, byte) in block.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
            guard stored == sum else { throw Failure(description: "a damaged header at byte \(offset) of \(archive)") }
            let name = string(block, at: 0, length: 100), prefix = string(block, at: 345, length: 155)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let components = path.split(separator: "/", omittingEmptySubsequences: true)
            guard !path.hasPrefix("/"), !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." }) else {
                throw Failure(description: "the archive names \"\(path)\", outside its folder")
            }
            let target = destination + "/" + components.joined(separator: "/")
            let size = octal(block, at: 124, length: 12)
            let type = block[block.startIndex + 156]
            offset += 512
            do {
                switch type {
                case UInt8(ascii: "5"):
                    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                case UInt8(ascii: "0"), 0:
                    guard offset + size <= bytes.count else { throw Failure(description: "\(path) is cut short in \(archive)") }
                    try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(bytes[offset..<(offset + size)]).write(to: URL(fileURLWithPath: target))
                    let mode = octal(block, at: 100, length: 8)
                    try FileManager.default.setAttributes([.posixPermissions: mode & 0o111 != 0 ? 0o755 : 0o644], ofItemAtPath: target)
                    offset += (size + 511) / 512 * 512
                default:
                    throw Failure(description: "\(path) is not a file or folder (type \(Character(UnicodeScalar(type))))")
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "cannot write \(target): \(error.localizedDescription)")
            }
        }
        throw Failure(description: "\(archive) ends without its two zero blocks")
    }

    private enum Kind {
        case file(executable: Bool)
        case folder
        case other(String)
        case missing
    }

    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(executable: info.st_mode & S_IXUSR != 0)
        case S_IFDIR: return .folder
        case S_IFLNK: return .other("a symbolic link")
        default: return .other("not a regular file")
        }
    }

    private static func collect(folder: String, prefix: String, into entries: inout [Entry]) throws(Failure) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw Failure(description: "cannot list \(folder): \(error.localizedDescription)")
        }
        for name in names {
            let source = folder + "/" + name, path = prefix + name
            switch kind(of: source) {
            case .file(let executable):
                entries.append(Entry(path: path, isFolder: false, executable: executable, source: source))
            case .folder:
                entries.append(Entry(path: path, isFolder: true, executable: true, source: source))
                try collect(folder: source, prefix: path + "/", into: &entries)
            case .other(let what):
                throw Failure(description: "\(path) in the output is \(what); an output holds only files and folders")
            case .missing:
                throw Failure(description: "\(path) vanished while the output was archived")
            }
        }
    }

    private static func header(name: String, size: Int, folder: Bool, executable: Bool) throws(Failure) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        let utf8 = Array(name.utf8)
        var namePart = utf8, prefixPart: [UInt8] = []
        if utf8.count > 100 {
            // Split at a slash so the name is at most 100 bytes and the prefix at most 155.
            guard let cut = utf8.indices.last(where: { utf8[$0] == UInt8(ascii: "/") && $0 <= 155 && utf8.count - $0 - 1 <= 100 && $0 < utf8.count - 1 })
            else { throw Failure(description: "the output path \(name) is too long for an archive (at most 255 bytes)") }
            prefixPart = Array(utf8[..<cut])
            namePart = Array(utf8[(cut + 1)...])
        }
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { block[offset + i] = b } }
        func putOctal(_ value: Int, at offset: Int, length: Int) {
            put(Array(String(value, radix: 8).leftPadded(to: length - 1).utf8), at: offset)
        }
        put(namePart, at: 0)
        putOctal(folder || executable ? 0o755 : 0o644, at: 100, length: 8)
        putOctal(0, at: 108, length: 8)
        putOctal(0, at: 116, length: 8)
        putOctal(folder ? 0 : size, at: 124, length: 12)
        putOctal(0, at: 136, length: 12)
        block[156] = folder ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put(Array("ustar\u{0}00".utf8), at: 257)
        put(prefixPart, at: 345)
        for i in 148..<156 { block[i] = 32 }
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, 32], at: 148)
        return Data(block)
    }

    private static func copy(_ source: String, size: Int, to handle: FileHandle) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw Failure(description: "cannot read \(source)") }
        defer { try? input.close() }
        var left = size
        while left > 0 {
            let chunk = try input.read(upToCount: min(left, 4 << 20)) ?? Data()
            guard !chunk.isEmpty else { throw Failure(description: "\(source) changed while it was archived") }
            try handle.write(contentsOf: chunk)
            left -= chunk.count
        }
    }

    private static func octal(_ block: ArraySlice<UInt8>, at offset: Int, length: Int) -> Int {
        let start = block.startIndex + offset
        let text = String(decoding: block[start..<(start + length)].prefix { $0 != 0 && $0 != 32 }, as: UTF8.self)
        return Int(text, radix: 8) ?? -1
    }

    private static func string(_ block: ArraySlice<UInt8>, at offset: Int, length: Int) -> String {
        let start = block.startIndex + offset
        return String(decoding: block[start..<(start + length)].prefix { $0 != 0 }, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
