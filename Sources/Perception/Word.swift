/// The words of every question, and their token ids: the whole vocabulary of the tasks.
///
/// Token 0 is padding and 1 the answer (CLS) token that starts every question; each word below
/// has the id of its position plus 2. Questions are short: a task word, then the names the
/// task needs (marker colours in option order, a shape, candidate numbers).
public enum Word: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    // One word per task.
    case similar, style, corresponds, closer, darker, left, right, fits, count, function
    case semantic, camera, box, fake
    // Colours (of markers and objects).
    case red, green, blue, yellow, magenta, cyan, white, orange
    // Shapes.
    case sphere, cube, cylinder
    // Numbers.
    case zero, one, two, three, four, five, six, seven, eight, nine
    // Answer words.
    case yes, no, same

    public static let paddingToken: Int32 = 0
    public static let answerToken: Int32 = 1
    /// Token ids used: padding, answer token, and every word.
    public static var vocabularySize: Int { allCases.count + 2 }

    public var token: Int32 { Int32(rawValue + 2) }

    public var description: String {
        switch self {
        case .similar: "similar"
        case .style: "style"
        case .corresponds: "corresponds"
        case .closer: "closer"
        case .darker: "darker"
        case .left: "left"
        case .right: "right"
        case .fits: "fits"
        case .count: "count"
        case .function: "function"
        case .semantic: "semantic"
        case .camera: "camera"
        case .box: "box"
        case .fake: "fake"
        case .red: "red"
        case .green: "green"
        case .blue: "blue"
        case .yellow: "yellow"
        case .magenta: "magenta"
        case .cyan: "cyan"
        case .white: "white"
        case .orange: "orange"
        case .sphere: "sphere"
        case .cube: "cube"
        case .cylinder: "cylinder"
        case .zero: "0"
        case .one: "1"
        case .two: "2"
        case .three: "3"
        case .four: "4"
        case .five: "5"
        case .six: "6"
        case .seven: "7"
        case .eight: "8"
        case .nine: "9"
        case .yes: "yes"
        case .no: "no"
        case .same: "same"
        }
    }

    /// The word for a number 0...9.
    public static func number(_ n: Int) -> Word {
        precondition((0...9).contains(n), "no word for \(n)")
        return Word(rawValue: Word.zero.rawValue + n)!
    }
}
