/// Named colours: marker colours (saturated, told apart at 32 px) and object albedos.
public enum Palette {
    /// Marker colours with their words. Option letters map to these in a per-question shuffle.
    public static let markers: [(Word, RGB)] = [
        (.red, RGB(1, 0.1, 0.1)), (.green, RGB(0.1, 1, 0.1)), (.blue, RGB(0.15, 0.35, 1)),
        (.yellow, RGB(1, 1, 0.1)), (.magenta, RGB(1, 0.1, 1)), (.cyan, RGB(0.1, 1, 1)),
    ]

    /// Object colours with their words (albedo, before shading).
    public static let objects: [(Word, RGB)] = [
        (.red, RGB(0.8, 0.15, 0.12)), (.green, RGB(0.15, 0.7, 0.2)), (.blue, RGB(0.15, 0.3, 0.85)),
        (.yellow, RGB(0.85, 0.8, 0.15)), (.magenta, RGB(0.75, 0.2, 0.75)), (.cyan, RGB(0.15, 0.75, 0.8)),
        (.white, RGB(0.85, 0.85, 0.85)), (.orange, RGB(0.9, 0.5, 0.1)),
    ]

    /// Natural colours of the parts of creatures and tools: muted tones no marker colour comes
    /// near, so a part painted in an option's colour never passes for an unpainted one.
    public static let brown = RGB(0.45, 0.28, 0.15), olive = RGB(0.42, 0.45, 0.2), slate = RGB(0.3, 0.33, 0.45)
    public static let tan = RGB(0.72, 0.62, 0.45), charcoal = RGB(0.2, 0.2, 0.2), steel = RGB(0.55, 0.58, 0.62)

    public static func object(_ word: Word) -> RGB {
        objects.first { $0.0 == word }?.1 ?? RGB(0.5, 0.5, 0.5)
    }
}
