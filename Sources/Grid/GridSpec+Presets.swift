extension GridSpec {
    /// The built-in grids, by name: each is a YAML file in `Sources/Grid/Presets`, compiled into
    /// the binary, and read as `--grid FILE` reads a file (`transfergrid grid show NAME` prints it).
    public static let presetNames = ["smoke", "quick", "study", "study-weighted", "study-rehearsal", "study-medium", "study-calibrated", "paper"]

    /// A preset's spec, checked as any grid file is.
    public static func preset(_ name: String) throws(GridError) -> GridSpec {
        guard let bytes = presetFiles[name] else {
            throw GridError("there is no preset \"\(name)\"; use one of \(presetNames.joined(separator: ", ")) or --grid FILE")
        }
        return try yaml(String(decoding: bytes, as: UTF8.self), source: "preset \(name)")
    }

    /// The YAML text of each preset, as compiled in.
    static let presetFiles: [String: [UInt8]] = [
        "smoke": PackageResources.smoke_yaml,
        "quick": PackageResources.quick_yaml,
        "study": PackageResources.study_yaml,
        "study-weighted": PackageResources.study_weighted_yaml,
        "study-rehearsal": PackageResources.study_rehearsal_yaml,
        "study-medium": PackageResources.study_medium_yaml,
        "study-calibrated": PackageResources.study_calibrated_yaml,
        "paper": PackageResources.paper_yaml,
    ]

    /// A benchmark grid of `count` noop jobs.
    public static func noop(count: Int) -> GridSpec {
        guard var spec = try? preset("smoke") else { preconditionFailure("the compiled-in smoke preset does not read") }
        spec.name = "noop"
        spec.noopJobs = count
        return spec
    }
}
