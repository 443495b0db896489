import Core
import Foundation
import Hashing
import Testing
@testable import Grid

/// Every job of every preset and of every journal grid file (ids, kinds, models, seeds,
/// sources, targets, dependencies, mixtures, selection and full hyperparameters) as text, pinned
/// by its SHA-256: a refactor of the grid layer changes no job, so stores and long runs stay
/// valid. The digest was taken from the code before the grid was resolved once
/// (`ResolvedGrid`); a change that means to change jobs updates it and says why.
@Suite struct JobGraphGoldenTests {
    static let digest = "5030895fb2281bd6c135262fa508bb7461f458b471e862984b00975f7803e1dc"

    static func dump() throws -> String {
        let folder = GridSpecTests.grids
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") && $0.hasPrefix("run-") }.sorted()
        var specs: [(String, GridSpec)] = try GridSpec.presetNames.map { ($0, try GridSpec.preset($0)) }
        specs += try files.map { ($0, try GridSpec.load(path: folder.appendingPathComponent($0).path)) }
        var out = ""
        for (name, spec) in specs {
            for job in try JobGraph(spec: spec).jobs {
                out += "\(name) \(job.id) \(job.kind) \(job.model) \(job.seed) \(String(describing: job.source)) "
                    + "\(String(describing: job.target)) \(job.dependencies) \(job.mixture) \(job.shuffledLabels) "
                    + "\(String(describing: job.selection)) \(Self.hyperparameters(job))\n"
            }
        }
        return out
    }

    /// The hyperparameters as they were written before `noopMillis` (0 in every grid here).
    static func hyperparameters(_ job: GridJob) -> String {
        "\(job.hyperparameters)".replacingOccurrences(of: ", noopMillis: 0)", with: ")")
    }

    @Test func everyGridsJobsAreWhatTheyWere() throws {
        let text = try Self.dump()
        #expect(text.split(separator: "\n").count == 16_073)
        #expect(SHA256Digest.of(text).hex == Self.digest)
    }
}
