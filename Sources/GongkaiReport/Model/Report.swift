/// A parsed annual report: what the engine read from one file.
///
/// Everything is kept cell by cell so that storage can write one row per cell, and
/// every value records whether it was read or inferred.
public struct Report: Sendable, Hashable {
    /// The encoding the bytes were decoded from (nil when they could not be).
    public var encoding: TextEncoding?
    /// The decoded text, as it was before normalisation.
    public var text: String
    /// The template version the tables follow (nil when no table was recognised).
    public var template: TemplateVersion?
    /// The report year (the calendar year reported on).
    public var year: Int?
    /// The reporting agency, from the title or the signature block.
    public var agency: String?
    /// The date under the signature, if the report has one.
    public var signatureDate: CalendarDate?
    /// The six sections, in template order; `found` tells which were present.
    public var sections: [Section]
    /// Table 2 rows, in template order.
    public var table2: [Table2Row]
    /// Table 3, nil when it was not found.
    public var table3: Table3?
    /// Table 4, nil when it was not found.
    public var table4: Table4?

    public init(
        encoding: TextEncoding? = nil, text: String = "", template: TemplateVersion? = nil, year: Int? = nil, agency: String? = nil,
        signatureDate: CalendarDate? = nil, sections: [Section] = [], table2: [Table2Row] = [], table3: Table3? = nil, table4: Table4? = nil
    ) {
        self.encoding = encoding
        self.text = text
        self.template = template
        self.year = year
        self.agency = agency
        self.signatureDate = signatureDate
        self.sections = sections
        self.table2 = table2
        self.table3 = table3
        self.table4 = table4
    }
}

/// A date as printed in a report ("2024年1月19日").
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// ISO 8601, e.g. "2024-01-19".
    public var description: String {
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}

/// One of the six sections of the report.
public struct Section: Sendable, Hashable, Codable {
    /// 1 to 6, in template order.
    public var number: Int
    /// The heading the template prescribes, e.g. "一、总体情况".
    public var canonicalHeading: String
    /// The heading as found in the text, nil when the section was not found.
    public var heading: String?
    /// The 1-based line of the heading in the normalised text.
    public var line: Int?
    /// The section's text (free-text sections; the table sections hold their rows as text).
    public var text: String

    public var found: Bool { heading != nil }
}

/// A row of Table 2: one item of an article 20 block.
public struct Table2Row: Sendable, Hashable, Codable {
    /// The block title, e.g. "第二十条第（一）项".
    public var block: String
    /// The row label, e.g. "规章".
    public var label: String
    /// The template's column names for this block.
    public var columns: [String]
    /// The cells, one per column.
    public var cells: [Table2Cell]
    /// The money unit when the text states one (e.g. "万元", "元").
    public var unit: String?

    public init(block: String, label: String, columns: [String], cells: [Table2Cell], unit: String? = nil) {
        self.block = block
        self.label = label
        self.columns = columns
        self.cells = cells
        self.unit = unit
    }
}

/// Table 3: the data rows in template order, seven cells each.
public struct Table3: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The template row this is.
        public var template: Table3Template.Row
        /// The row label as found in the text (nil when the row was missing).
        public var foundLabel: String?
        /// The seven cells: 自然人, the five 法人或其他组织 columns, 总计.
        public var cells: [Cell]

        /// The canonical template label, e.g. "（七）总计".
        public var label: String { template.label }
    }

    public var rows: [Row]

    /// The row with a template key ("new", "total", …).
    public func row(_ key: String) -> Row? { rows.first { $0.template.key == key } }
}

/// Table 4: fifteen cells (three blocks of five outcomes).
public struct Table4: Sendable, Hashable {
    public var cells: [Cell]
}
