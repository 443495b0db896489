import Foundation
import Transfer

/// The authors' released data, as the repository keeps it in data/paper.
enum PaperData {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/paper")

    static let taskOrder = ["Visual_Similarity", "Art_Style", "Visual_Correspondence", "Relative_Depth", "Relative_Reflectance",
                            "Spatial_Relation", "Jigsaw", "Counting", "Functional_Correspondence", "Semantic_Correspondence",
                            "Multi-view_Reasoning", "Object_Localization", "Forensic_Detection"]
    static let abbreviations = ["VS", "AS", "VC", "RD", "RR", "SR", "JG", "CN", "FC", "SC", "MR", "OL", "FD"]

    static func abbreviation(_ task: String) -> String {
        taskOrder.firstIndex(of: task).map { abbreviations[$0] } ?? task
    }

    static func runs(_ size: String) throws -> ModelRuns {
        let file = folder.appendingPathComponent("task_transferability_data_perfection_gap_factor_qwen-2.5vl-\(size)-instruct.csv")
        return try ReleasedCSV.read(String(contentsOf: file, encoding: .utf8), file: file.path, knownTasks: taskOrder)
    }

    static func analysis(_ size: String) throws -> ModelAnalysis {
        ModelAnalysis(try runs(size), bootstrap: nil)
    }
}
