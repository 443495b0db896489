internal import Core
import Foundation
import Grid
import Perception

extension BenchmarkShift {
    /// `--benchmark-shift CONTRAST,CAST,NOISE` ("0.8,0.1,0"), checked as a grid's `benchmark_shift`.
    static func parse(argument: String) throws -> BenchmarkShift {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let contrast = parts[0], let cast = parts[1], let noise = parts[2] else {
            throw CLIError("--benchmark-shift is \"\(argument)\"; give three numbers CONTRAST,CAST,NOISE, such as 0.8,0.1,0")
        }
        let shift = BenchmarkShift(contrast: contrast, cast: cast, noise: noise)
        do { try shift.check() } catch { throw CLIError("--benchmark-shift: \(error.message)") }
        return shift
    }

    /// The camera the worker applies (`Hyperparameters.domainShift` on the wire's side).
    var domainShift: DomainShift { DomainShift(contrast: Float(contrast), cast: Float(cast), noise: Float(noise)) }
}
