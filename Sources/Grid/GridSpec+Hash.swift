internal import Hashing
internal import Foundation
public import Core
extension GridSpec {
    /// The SHA-256 of the normalized spec as canonical JSON (sorted keys): the grid's name in
    /// the store and in every job id.
    public func hash() throws(GridError) -> SHA256Digest {
        let canonical = try canonicalJSON()
        return SHA256Digest.of(canonical)
    }

    /// The normalized spec as JSON with sorted keys.
    public func canonicalJSON() throws(GridError) -> String {
        let spec = try normalized()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(spec), let text = String(data: data, encoding: .utf8) else {
            throw GridError("the grid spec could not be encoded as JSON")
        }
        return text
    }

    /// A spec from the JSON `canonicalJSON()` wrote (as the store keeps it).
    public static func fromJSON(_ text: String) throws(GridError) -> GridSpec {
        do {
            return try JSONDecoder().decode(GridSpec.self, from: Data(text.utf8))
        } catch {
            throw GridError("the stored grid spec does not decode: \(error)")
        }
    }
}
