internal import Transfer

/// The data-selection table both reports show: per target, accuracy zero-shot, after direct
/// finetuning, and after each policy's mixture (seed means, %), with the selected sources.
enum SelectionSummary {
    static let title = "Data selection: accuracy % on the target after finetuning on it directly, and on mixtures "
        + "with the same budget (EQ: sources above the threshold in equal shares; PW: in proportion to PGF; "
        + "RND: as many random tasks), mean over runs"

    static func table(_ rows: [SelectionTarget], _ abbreviate: (String) -> String) -> [[String]] {
        let policies = rows.first?.policies ?? []
        var out = [["target", "zero-shot", "direct"] + policies + ["selected (EQ, first run)"]]
        for row in rows {
            func percent(_ values: [Double?]) -> String {
                SelectionTarget.mean(values).map { Format.fixed($0 * 100, 1) } ?? "-"
            }
            let selected = row.sources.first?.first.map { $0.map(abbreviate).joined(separator: " ") } ?? ""
            out.append([abbreviate(row.target), percent(row.baseline), percent(row.direct)] + row.accuracy.map(percent)
                + [selected.isEmpty ? "-" : selected])
        }
        return out
    }
}

