/// One numeric cell of Table 3 or Table 4.
///
/// A cell keeps what the text said (`raw`) next to what the engine concluded
/// (`value`), and whether that value was inferred from the table's arithmetic rather
/// than read: a blank is unknown, not zero, until the rules force its value.
public struct Cell: Sendable, Hashable, Codable {
    /// The value, or nil while it is unknown.
    public var value: Int?
    /// The cell's text as found (nil when the cell was absent or empty).
    public var raw: String?
    /// Whether `value` was recovered from the consistency rules instead of read.
    public var inferred: Bool

    public init(value: Int?, raw: String?, inferred: Bool = false) {
        self.value = value
        self.raw = raw
        self.inferred = inferred
    }

    /// An empty cell whose value is unknown.
    public static let blank = Cell(value: nil, raw: nil)
}

/// One cell of Table 2, where money and negative changes are legal.
public struct Table2Cell: Sendable, Hashable, Codable {
    /// The value; decimal because money is (采购总金额, 本年收费金额).
    public var value: Double?
    /// The text as found; "/" for not applicable.
    public var raw: String?

    public init(value: Double?, raw: String?) {
        self.value = value
        self.raw = raw
    }
}
