internal import Core
internal import Foundation

/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Python's `safetensors` reads what this writes (a test checks it).
///
/// Only F32 tensors are written or accepted. The writer adds a CRC-32 of the data section to
/// the metadata (`transfergrid.crc32`); the reader checks it when present, and rejects
/// truncated files, bad headers, ranges that overlap, leave holes or run past the end.
public enum SafeTensors {
    public struct Entry: Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        public init(name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    public struct File: Sendable {
        public var tensors: [String: Entry]
        public var metadata: [String: String]
    }

    static let checksumKey = "transfergrid.crc32"
    static let maxHeaderBytes = 64 << 20

    /// The bytes of a safetensors file holding `entries` (in that order) and `metadata`.
    public static func encode(_ entries: [Entry], metadata: [String: String]) throws(EngineError) -> [UInt8] {
        var data: [UInt8] = []
        var header: [String: Any] = [:]
        for entry in entries {
            precondition(entry.values.count == entry.shape.reduce(1, *), "\(entry.name): \(entry.values.count) values for \(entry.shape)")
            let begin = data.count
            entry.values.withUnsafeBytes { data.append(contentsOf: $0) }  // little-endian on every Swift Linux target
            header[entry.name] = ["dtype": "F32", "shape": entry.shape, "data_offsets": [begin, data.count]]
        }
        var meta = metadata
        meta[checksumKey] = String(data.withUnsafeBytes { CRC32.checksum($0) }, radix: 16)
        header["__metadata__"] = meta
        let json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        } catch {
            throw EngineError(.invalidInput, "cannot encode the safetensors header: \(error)")
        }
        var headerBytes = [UInt8](json)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }  // pad with spaces, as the spec allows
        var out = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
        out += headerBytes
        out += data
        return out
    }

    /// Parses and checks a whole safetensors file.
    public static func decode(_ bytes: [UInt8], source: String = "checkpoint") throws(EngineError) -> File {
        func corrupt(_ text: String) -> EngineError {
            EngineError(.corruptCheckpoint, "\(source): \(text); the file is damaged or not a safetensors file, write it again")
        }
        guard bytes.count >= 8 else { throw corrupt("\(bytes.count) bytes, too short for a header length") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(min(maxHeaderBytes, bytes.count - 8)) else {
            throw corrupt("header length \(headerLength) runs past the file's \(bytes.count) bytes")
        }
        let dataStart = 8 + Int(headerLength)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw corrupt("the header is not JSON")
        }
        guard let header = object as? [String: Any] else { throw corrupt("the header is not a JSON object") }
        let dataCount = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var tensors: [String: Entry] = [:]
        var ranges: [(Int, Int, String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let meta = value as? [String: String] else { throw corrupt("__metadata__ is not a map of strings") }
                metadata = meta
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw corrupt("tensor \"\(name)\" lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else {
                throw EngineError(.checkpointMismatch, "\(source): tensor \"\(name)\" is \(dtype); TransferGrid reads F32 only")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataCount else {
                throw corrupt("tensor \"\(name)\" has range \(offsets) outside the \(dataCount) data bytes (truncated?)")
            }
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == count * 4 else {
                throw corrupt("tensor \"\(name)\" of shape \(shape) needs \(count * 4) bytes, its range holds \(offsets[1] - offsets[0])")
            }
            ranges.append((offsets[0], offsets[1], name))
            let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(dataStart + offsets[0])..<(dataStart + offsets[1])]))
                }
                initialized = count
            }
            tensors[name] = Entry(name: name, shape: shape, values: values)
        }
        ranges.sort { $0.0 < $1.0 }
        var cursor = 0
        for (begin, end, name) in ranges {
            guard begin == cursor else { throw corrupt("tensor \"\(name)\" starts at \(begin), expected \(cursor): ranges overlap or leave a hole") }
            cursor = end
        }
        guard cursor == dataCount else { throw corrupt("the tensors cover \(cursor) of \(dataCount) data bytes") }
        if let expected = metadata[checksumKey] {
            let actual = String(bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[dataStart...])) }, radix: 16)
            guard actual == expected else { throw corrupt("data checksum \(actual) does not match the recorded \(expected)") }
        }
        return File(tensors: tensors, metadata: metadata)
    }
}
