/// A parsed CSV file: header and rows of fields (RFC 4180 quoting, comma separated).
struct CSVTable {
    var file: String
    var header: [String]
    /// (line number, fields) of each non-empty data row.
    var rows: [(line: Int, fields: [String])]

    init(text: String, file: String) throws(TransferInputError) {
        self.file = file
        var records: [(Int, [String])] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimmingCharacters(in: " \t").isEmpty { continue }
            records.append((lineNumber, try Self.fields(line, file: file, line: lineNumber)))
        }
        guard let first = records.first else { throw TransferInputError(file: file, "the file is empty; expected a header line") }
        header = first.1.map { $0.trimmingCharacters(in: " \t") }
        rows = Array(records.dropFirst())
        for row in rows where row.1.count != header.count {
            throw TransferInputError(file: file, line: row.0, "\(row.1.count) fields, the header has \(header.count)")
        }
    }

    static func fields(_ line: Substring, file: String, line number: Int) throws(TransferInputError) -> [String] {
        var fields: [String] = [], current = "", quoted = false, index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex && line[next] == "\"" { current.append("\""); index = next } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            index = line.index(after: index)
        }
        if quoted { throw TransferInputError(file: file, line: number, "a quoted field is not closed") }
        fields.append(current)
        return fields
    }

    /// The column index of `name`, or an error naming the columns there are.
    func column(_ name: String) throws(TransferInputError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw TransferInputError(file: file, line: 1, field: name,
                                     "missing column '\(name)'; the header has \(header.joined(separator: ", "))")
        }
        return index
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
