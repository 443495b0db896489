public import Transfer

/// report.html: one self-contained page (inline SVG and CSS, no network fetches) with, per
/// model, the heatmap, the transfer graph, the aggregate and persona tables and the cliques,
/// then the scale comparison.
public enum HTMLReport {
    /// Every file of a report, by name: report.html, cells.csv, aggregates.csv, analysis.json
    /// and one .dot graph per model.
    public static func files(_ study: StudyAnalysis, threshold: Double, abbreviate: (String) -> String) throws -> [String: String] {
        var files = [
            "report.html": page(study, threshold: threshold, abbreviate: abbreviate),
            "cells.csv": Exports.cellsCSV(study),
            "aggregates.csv": Exports.aggregatesCSV(study),
            "analysis.json": try Exports.json(study),
        ]
        for m in study.models { files["graph-\(safe(m.model)).dot"] = Exports.dot(m, threshold: threshold, abbreviate: abbreviate) }
        return files
    }

    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    public static func page(_ study: StudyAnalysis, threshold: Double, abbreviate: (String) -> String) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>TransferGrid report</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1200px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
            table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; } th { background: #f3f3f3; }
            td.name, th.name { text-align: left; }
            .row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
            .note { color: #555; font-size: 13px; }
            </style></head><body>
            <h1>TransferGrid: task transfer analysis</h1>
            <p class="note">PGF = (finetuned - baseline) / (1 - baseline) per run, averaged over runs. Aggregates leave out the
            diagonal and undefined cells; N = tasks - 1. Graph edges: |seed-mean PGF| &ge; \(threshold); green positive, red dashed negative.</p>

            """
        for m in study.models { html += section(m, threshold: threshold, abbreviate: abbreviate) }
        html += "<h2>Scale</h2><table><tr><th class=\"name\">model</th><th>avg T+</th><th>avg T-</th><th>avg &Theta;+</th><th>avg &Theta;-</th><th>pairs +</th><th>pairs -</th><th>max clique +</th><th>max clique -</th></tr>\n"
        for r in study.scale {
            html += "<tr><td class=\"name\">\(Format.escapeXML(r.model))</td>" + [r.averageTransferabilityPositive, r.averageTransferabilityNegative,
                r.averageMalleabilityPositive, r.averageMalleabilityNegative].map { "<td>\(Format.fixed($0))</td>" }.joined()
                + "<td>\(r.positivePairs)</td><td>\(r.negativePairs)</td><td>\(r.maxPositiveClique)</td><td>\(r.maxNegativeClique)</td></tr>\n"
        }
        html += "</table><p>With size, positive transfer: <b>\(study.trends.positiveTransfer)</b>; negative transfer: <b>\(study.trends.negativeTransfer)</b>.</p>\n"
        html += "<p>\(Format.escapeXML(ScaleComparisonSummary.title))</p><ul>"
            + ScaleComparisonSummary.lines(study).map { "<li>\(Format.escapeXML(String($0.drop { $0 == " " })))</li>" }.joined() + "</ul>\n"
        return html + "</body></html>\n"
    }

    static func section(_ m: ModelAnalysis, threshold: Double, abbreviate: (String) -> String) -> String {
        var html = "<h2>\(Format.escapeXML(m.model))</h2>\n<p class=\"note\">\(m.tasks.count) tasks, \(m.runs.count) run(s) (seeds \(Format.escapeXML(m.runs.joined(separator: ", "))))"
            + (m.sharedBase.map { ", finetunes of one base (seed \(Format.escapeXML($0)))" } ?? "") + ". "
        html += "Off-diagonal pairs: \(m.pairs.positive) positive, \(m.pairs.negative) negative, \(m.pairs.zero) zero, \(m.pairs.undefined) undefined."
        if let b = m.bootstrapReplicates { html += " Intervals: \(b) paired bootstrap replicates over questions." }
        html += "</p>\n<div class=\"row\">\(HeatmapSVG.render(m, abbreviate: abbreviate))\(GraphSVG.render(m, threshold: threshold, abbreviate: abbreviate))</div>\n"
        if let accuracy = m.accuracy {
            html += "<table><tr><th class=\"name\">accuracy %</th>" + accuracy.map { "<th>\(Format.escapeXML(abbreviate($0.task)))</th>" }.joined() + "</tr>\n"
            html += "<tr><td class=\"name\">zero-shot</td>" + accuracy.map { "<td>\(Int(($0.baseline * 100).rounded()))</td>" }.joined() + "</tr>\n"
            html += "<tr><td class=\"name\">finetuned on itself</td>" + accuracy.map { "<td>\(Int(($0.selfFinetuned * 100).rounded()))</td>" }.joined() + "</tr></table>\n"
        }
        html += "<div class=\"row\">" + table("Transferability (as source)", "T", m.transferability, abbreviate) + table("Malleability (as target)", "&Theta;", m.malleability, abbreviate) + "</div>\n"
        html += "<table><tr><th class=\"name\">persona</th><th class=\"name\">task</th><th>value</th><th>p</th><th class=\"name\">holds (p &lt; \(Persona.alpha))</th><th class=\"name\">runner-up</th></tr>\n"
        for p in m.personas {
            let second = p.ranking.dropFirst().first.map { "\(abbreviate($0.task)) \(Format.fixed($0.value))" } ?? ""
            html += "<tr><td class=\"name\">\(p.role.rawValue)</td><td class=\"name\">\(Format.escapeXML(abbreviate(p.task)))</td><td>\(Format.fixed(p.value))</td><td>\(Format.pValue(p.pValue))</td><td class=\"name\">\(p.significant ? "yes" : "no")</td><td class=\"name\">\(Format.escapeXML(second))</td></tr>\n"
        }
        html += "</table><p class=\"note\">\(Format.escapeXML(m.personas.first?.test ?? ""))</p>\n"
        func cliques(_ list: [[String]]) -> String {
            guard let size = list.first?.count, size > 1 else { return "none" }
            return "size \(size): " + list.map { "{" + $0.map(abbreviate).joined(separator: ", ") + "}" }.joined(separator: " ")
        }
        html += "<p><b>Maximum cliques.</b> Positive: \(Format.escapeXML(cliques(m.cliques.positive))). Negative: \(Format.escapeXML(cliques(m.cliques.negative))).<br>"
        html += "Every run agrees: positive \(Format.escapeXML(cliques(m.cliques.robustPositive))); negative \(Format.escapeXML(cliques(m.cliques.robustNegative))).</p>\n"
        if let control = m.formatControl {
            html += "<p>" + FormatControlSummary.lines(control, tasks: m.tasks, abbreviate).map(Format.escapeXML).joined(separator: "<br>") + "</p>\n"
        }
        if let selection = m.selection, !selection.isEmpty {
            let rows = SelectionSummary.table(selection, abbreviate)
            html += "<p><b>\(Format.escapeXML(SelectionSummary.title)).</b></p>\n<table>"
            for (k, row) in rows.enumerated() {
                let cell = k == 0 ? "th" : "td"
                html += "<tr>" + row.enumerated().map { c, text in
                    "<\(cell)\(c == 0 || c == row.count - 1 ? " class=\"name\"" : "")>\(Format.escapeXML(text))</\(cell)>"
                }.joined() + "</tr>\n"
            }
            html += "</table>\n"
        }
        if let goals = m.goals {
            html += "<p>" + ([StudyGoalsSummary.title] + StudyGoalsSummary.lines(goals, abbreviate)).map(Format.escapeXML).joined(separator: "<br>") + "</p>\n"
        }
        if let agreement = m.seedAgreement {
            html += "<p>" + SeedAgreementSummary.lines(agreement, abbreviate).map(Format.escapeXML).joined(separator: "<br>") + "</p>\n"
        }
        if !m.undefinedCells.isEmpty {
            html += "<p class=\"note\">Undefined cells (baseline at the ceiling, left out of every aggregate): "
                + Format.escapeXML(m.undefinedCells.map { "\($0.run): \(abbreviate($0.source)) -> \(abbreviate($0.target))" }.joined(separator: ", ")) + "</p>\n"
        }
        return html
    }

    static func table(_ title: String, _ symbol: String, _ rows: [ModelAnalysis.TaskAggregate], _ abbreviate: (String) -> String) -> String {
        var html = "<table><tr><th class=\"name\">\(title)</th><th>\(symbol)+</th><th>sd</th><th>95 % interval</th><th>\(symbol)-</th><th>sd</th></tr>\n"
        for r in rows {
            let ci = r.positiveInterval.map { "[\(Format.fixed($0.low)), \(Format.fixed($0.high))]" } ?? "-"
            html += "<tr><td class=\"name\">\(Format.escapeXML(abbreviate(r.task)))</td><td>\(Format.fixed(r.positive))</td><td>\(r.positiveSpread.map { Format.fixed($0) } ?? "-")</td><td>\(ci)</td><td>\(Format.fixed(r.negative))</td><td>\(r.negativeSpread.map { Format.fixed($0) } ?? "-")</td></tr>\n"
        }
        return html + "</table>"
    }
}
