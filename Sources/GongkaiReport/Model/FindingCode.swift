/// The catalogue of finding codes.
///
/// Codes are stable: operators filter on them (`gongkai list --code`), the database
/// stores them, and `docs/findings.md` is generated from this enumeration (a test
/// checks the file is current). Never rename a code; add new ones.
public enum FindingCode: String, Sendable, Codable, Hashable, CaseIterable {
    // The file and its structure.
    case decodeFailed = "DECODE_FAILED"
    /// A format the readers do not take (Word 97–2003, WPS, ODT, RTF, images, other zips).
    case formatUnsupported = "FORMAT_UNSUPPORTED"
    /// A password-protected PDF or Office file.
    case formatEncrypted = "FORMAT_ENCRYPTED"
    /// A PDF without a text layer (a scan).
    case formatImageOnly = "FORMAT_IMAGE_ONLY"
    /// A PDF, DOCX or web page that is damaged, truncated or over a reading limit.
    case documentUnreadable = "DOCUMENT_UNREADABLE"
    case notAReport = "NOT_A_REPORT"
    case yearUnsupported = "YEAR_UNSUPPORTED"
    case templateYearMismatch = "TEMPLATE_YEAR_MISMATCH"
    case sectionMissing = "SECTION_MISSING"
    case sectionHeadingVariant = "SECTION_HEADING_VARIANT"
    // Table 2.
    case table2Missing = "T2_MISSING"
    case table2RowMissing = "T2_ROW_MISSING"
    case table2CellBlank = "T2_CELL_BLANK"
    case table2ValueInvalid = "T2_VALUE_INVALID"
    // Table 3.
    case table3Missing = "T3_MISSING"
    case table3RowMissing = "T3_ROW_MISSING"
    case table3RowUnrecognised = "T3_ROW_UNRECOGNISED"
    case table3ValueInvalid = "T3_VALUE_INVALID"
    case table3ExtraValues = "T3_EXTRA_VALUES"
    case table3FlowMismatch = "T3_FLOW_MISMATCH"
    case table3ResultsMismatch = "T3_RESULTS_MISMATCH"
    case table3RowTotalMismatch = "T3_ROW_TOTAL_MISMATCH"
    case table3BlankRecovered = "T3_BLANK_RECOVERED"
    case table3BlankUnrecoverable = "T3_BLANK_UNRECOVERABLE"
    case table3DroppedCellRecovered = "T3_DROPPED_CELL_RECOVERED"
    case table3DroppedCellAmbiguous = "T3_DROPPED_CELL_AMBIGUOUS"
    // Table 4.
    case table4Missing = "T4_MISSING"
    case table4ValueInvalid = "T4_VALUE_INVALID"
    case table4ExtraValues = "T4_EXTRA_VALUES"
    case table4TotalMismatch = "T4_TOTAL_MISMATCH"
    case table4BlankRecovered = "T4_BLANK_RECOVERED"
    case table4BlankUnrecoverable = "T4_BLANK_UNRECOVERABLE"
    case table4DroppedCellRecovered = "T4_DROPPED_CELL_RECOVERED"
    case table4DroppedCellAmbiguous = "T4_DROPPED_CELL_AMBIGUOUS"
    // Text, year, agency.
    case textTableMismatch = "TEXT_TABLE_MISMATCH"
    case yearMissing = "YEAR_MISSING"
    case yearInconsistent = "YEAR_INCONSISTENT"
    case signatureDateInvalid = "SIGNATURE_DATE_INVALID"
    case agencyMissing = "AGENCY_MISSING"
    case feeStatementMissing = "FEE_STATEMENT_MISSING"

    /// How serious findings with this code are.
    public var severity: Severity {
        switch self {
        case .decodeFailed, .notAReport, .yearUnsupported,
            .formatUnsupported, .formatEncrypted, .formatImageOnly, .documentUnreadable,
            .table2Missing, .table2ValueInvalid,
            .table3Missing, .table3ValueInvalid, .table3ExtraValues, .table3FlowMismatch, .table3ResultsMismatch,
            .table3RowTotalMismatch, .table3BlankUnrecoverable, .table3DroppedCellAmbiguous,
            .table4Missing, .table4ValueInvalid, .table4ExtraValues, .table4TotalMismatch, .table4BlankUnrecoverable,
            .table4DroppedCellAmbiguous,
            .yearInconsistent, .signatureDateInvalid:
            .error
        case .templateYearMismatch, .sectionMissing, .sectionHeadingVariant, .table2RowMissing, .table2CellBlank,
            .table3RowMissing, .table3RowUnrecognised, .table3BlankRecovered, .table3DroppedCellRecovered,
            .table4BlankRecovered, .table4DroppedCellRecovered,
            .textTableMismatch, .yearMissing, .agencyMissing, .feeStatementMissing:
            .warning
        }
    }

    /// Whether this is a deviation from the template, which the strict policy rejects
    /// even though it is only a warning.
    public var isTemplateDeviation: Bool {
        switch self {
        case .templateYearMismatch, .sectionMissing, .sectionHeadingVariant, .table2RowMissing, .table2CellBlank,
            .table3RowMissing, .table3RowUnrecognised, .table3BlankRecovered, .table3DroppedCellRecovered,
            .table4BlankRecovered, .table4DroppedCellRecovered, .feeStatementMissing:
            true
        default:
            severity == .error
        }
    }

    /// What the code means, in English.
    public var meaning: String {
        switch self {
        case .decodeFailed: "The file is not text in UTF-8, UTF-16 (with BOM) or GB18030/GBK; the message names the first bad byte."
        case .formatUnsupported:
            "A file format the checker does not read (Word 97–2003 .doc, WPS, ODT, RTF, an image, another zip); the message says to save it as DOCX or PDF."
        case .formatEncrypted: "The file is password-protected; the message asks for a copy without a password."
        case .formatImageOnly: "A PDF whose pages are images (a scan) has no text to check; the message asks for the PDF or DOCX the report was made from."
        case .documentUnreadable:
            "A PDF, DOCX or web page that is damaged, truncated or exceeds a reading limit (a zip bomb, millions of objects, deep nesting)."
        case .notAReport: "No table of the national template was found: not a 2019+ annual report."
        case .yearUnsupported: "The report year is before 2019, when the older free layout applied."
        case .templateYearMismatch:
            "The tables follow the other template than the one for the report year (2019 trial format for 2019–2020, 2021 format from 2021)."
        case .sectionMissing: "One of the six required sections was not found."
        case .sectionHeadingVariant: "A section heading differs from the template's wording or numbering."
        case .table2Missing: "Table 2 (主动公开政府信息情况) was not found."
        case .table2RowMissing: "A row of Table 2 was not found."
        case .table2CellBlank: "A Table 2 cell is blank or \"/\" where a value is due."
        case .table2ValueInvalid: "A Table 2 value is not a number of the column's kind (counts are integers ≥ 0, 本年增/减 may be negative, money is decimal)."
        case .table3Missing: "Table 3 (收到和处理政府信息公开申请情况) was not found."
        case .table3RowMissing: "A data row of Table 3 was not found; its cells are treated as blank."
        case .table3RowUnrecognised: "A row with numbers in Table 3 matches no template row."
        case .table3ValueInvalid: "A Table 3 cell is not a non-negative integer."
        case .table3ExtraValues: "A Table 3 row has more values than the seven columns."
        case .table3FlowMismatch: "Per column, 一 + 二 must equal （七）总计 + 四 (the template's own 勾稽关系)."
        case .table3ResultsMismatch: "Per column, （七）总计 must equal the sum of the result rows （一）…（六）."
        case .table3RowTotalMismatch: "Per row, 总计 must equal 自然人 plus the five 法人或其他组织 columns."
        case .table3BlankRecovered: "Blank Table 3 cells whose value the rules force; the value is recorded as inferred."
        case .table3BlankUnrecoverable: "Blank Table 3 cells whose value the rules do not determine (e.g. several unknowns that must sum to 3)."
        case .table3DroppedCellRecovered: "A Table 3 row arrived with fewer values than columns; every placement of the missing cells gives the same values."
        case .table3DroppedCellAmbiguous: "A Table 3 row arrived with fewer values than columns and the result depends on which column was dropped."
        case .table4Missing: "Table 4 (行政复议、行政诉讼) was not found."
        case .table4ValueInvalid: "A Table 4 cell is not a non-negative integer."
        case .table4ExtraValues: "Table 4 has more than fifteen values."
        case .table4TotalMismatch: "Per block, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 must equal 总计."
        case .table4BlankRecovered: "Blank Table 4 cells whose value the rules force; recorded as inferred."
        case .table4BlankUnrecoverable: "Blank Table 4 cells whose value the rules do not determine."
        case .table4DroppedCellRecovered: "Table 4 arrived with fewer than fifteen values; every placement gives the same values."
        case .table4DroppedCellAmbiguous: "Table 4 arrived with fewer than fifteen values and the result depends on which were dropped."
        case .textTableMismatch: "A number stated in the narrative disagrees with the tables."
        case .yearMissing: "No report year was found in the title, the statistics period or the text."
        case .yearInconsistent: "The title and the statistics period name different years."
        case .signatureDateInvalid: "The date under the signature does not fall after the end of the report year, or is not a date."
        case .agencyMissing: "The reporting agency's name was found neither in the title nor in the signature block."
        case .feeStatementMissing: "From 2021, section 六 should state the 信息处理费 charged (or that none was)."
        }
    }

    /// What the code means, in Chinese.
    public var meaningZH: String {
        switch self {
        case .decodeFailed: "文件不是可识别的文本（UTF-8、带BOM的UTF-16或GB18030/GBK），提示中给出第一个错误字节的位置。"
        case .formatUnsupported: "不支持的文件格式（Word 97–2003 的 .doc、WPS、ODT、RTF、图片或其他压缩包），请另存为 DOCX 或 PDF。"
        case .formatEncrypted: "文件设有密码，请提供未加密的版本。"
        case .formatImageOnly: "PDF 为扫描件，没有文字层，无法核查，请提供生成该报告的 PDF 或 DOCX 原件。"
        case .documentUnreadable: "PDF、DOCX 或网页文件已损坏、不完整或超出读取限制（如压缩炸弹、对象过多、嵌套过深）。"
        case .notAReport: "未找到国家模板中的任何表格，不是2019年及以后格式的年度报告。"
        case .yearUnsupported: "报告年度早于2019年，适用旧格式。"
        case .templateYearMismatch: "表格所用模板与报告年度不符（2019—2020年用2019试行格式，2021年起用2021格式）。"
        case .sectionMissing: "缺少六个必备部分之一。"
        case .sectionHeadingVariant: "部分标题的措辞或编号与模板不同。"
        case .table2Missing: "未找到表二（主动公开政府信息情况）。"
        case .table2RowMissing: "表二缺少某一行。"
        case .table2CellBlank: "表二应填数值处为空或为“/”。"
        case .table2ValueInvalid: "表二数值不符合该栏要求（件数为非负整数，本年增/减可为负数，金额为小数）。"
        case .table3Missing: "未找到表三（收到和处理政府信息公开申请情况）。"
        case .table3RowMissing: "表三缺少某一数据行，其单元格按空白处理。"
        case .table3RowUnrecognised: "表三中有带数字的行无法对应到模板中的任何一行。"
        case .table3ValueInvalid: "表三单元格不是非负整数。"
        case .table3ExtraValues: "表三某行的数值多于七栏。"
        case .table3FlowMismatch: "各栏应满足：第一项加第二项之和等于第（七）项总计加第四项之和。"
        case .table3ResultsMismatch: "各栏（七）总计应等于（一）至（六）各项办理结果之和。"
        case .table3RowTotalMismatch: "各行总计应等于自然人与法人或其他组织五栏之和。"
        case .table3BlankRecovered: "表三空白单元格的数值可由勾稽关系唯一确定，已补出并标记为推算值。"
        case .table3BlankUnrecoverable: "表三空白单元格的数值无法由勾稽关系唯一确定（如多个未知数之和须为3）。"
        case .table3DroppedCellRecovered: "表三某行数值少于栏数，但无论缺的是哪一栏，结果都相同。"
        case .table3DroppedCellAmbiguous: "表三某行数值少于栏数，且结果取决于缺的是哪一栏。"
        case .table4Missing: "未找到表四（政府信息公开行政复议、行政诉讼情况）。"
        case .table4ValueInvalid: "表四单元格不是非负整数。"
        case .table4ExtraValues: "表四的数值多于十五个。"
        case .table4TotalMismatch: "每组应满足：结果维持＋结果纠正＋其他结果＋尚未审结＝总计。"
        case .table4BlankRecovered: "表四空白单元格的数值可唯一确定，已补出并标记为推算值。"
        case .table4BlankUnrecoverable: "表四空白单元格的数值无法唯一确定。"
        case .table4DroppedCellRecovered: "表四数值少于十五个，但无论缺的是哪几个，结果都相同。"
        case .table4DroppedCellAmbiguous: "表四数值少于十五个，且结果取决于缺的是哪几个。"
        case .textTableMismatch: "正文中的数字与表格不一致。"
        case .yearMissing: "标题、统计期限和正文中均未找到报告年度。"
        case .yearInconsistent: "标题与统计期限中的年度不一致。"
        case .signatureDateInvalid: "落款日期不在报告年度结束之后，或不是有效日期。"
        case .agencyMissing: "标题和落款中均未找到报告机关名称。"
        case .feeStatementMissing: "2021年起，第六部分应说明信息处理费的收取情况（或未收取）。"
        }
    }

    /// A typical instance, for the catalogue.
    public var example: String {
        switch self {
        case .decodeFailed: "undecodable input at byte offset 1187: neither UTF-8, UTF-16 nor GB18030"
        case .formatUnsupported: "报告.doc saved by Word 2003"
        case .formatEncrypted: "a PDF that asks for a password to open"
        case .formatImageOnly: "a scanned, signed and stamped report"
        case .documentUnreadable: "a DOCX cut off halfway through the upload"
        case .notAReport: "a meeting notice dropped into the inbox"
        case .yearUnsupported: "2017年政府信息公开工作年度报告"
        case .templateYearMismatch: "a 2021 report whose Table 2 still has 本年新制作数量"
        case .sectionMissing: "no heading 六、其他需要报告的事项"
        case .sectionHeadingVariant: "六、下一步工作重点和整改措施 instead of 六、其他需要报告的事项"
        case .table2Missing: "section 二 holds prose only"
        case .table2RowMissing: "第二十条第（六）项 without the 行政强制 row"
        case .table2CellBlank: "行政事业性收费 with an empty 处理决定数量"
        case .table2ValueInvalid: "规章 本年制发件数 = \"two\""
        case .table3Missing: "section 三 holds prose only"
        case .table3RowMissing: "no row 5.属于三类内部事务信息"
        case .table3RowUnrecognised: "a row 9.其他情形 with numbers"
        case .table3ValueInvalid: "（一）予以公开 / 自然人 = \"1.5\""
        case .table3ExtraValues: "eight numbers after （七）总计"
        case .table3FlowMismatch: "总计 column: 3 + 0 ≠ 2 + 0"
        case .table3ResultsMismatch: "自然人: （七）总计 3 but results sum to 2"
        case .table3RowTotalMismatch: "一、本年新收: 1 + 0 + 0 + 0 + 0 + 0 ≠ 2"
        case .table3BlankRecovered: "二、上年结转 / 自然人 blank, recovered as 0 from the row total"
        case .table3BlankUnrecoverable: "（一）…3. blank in 自然人, must sum to 3"
        case .table3DroppedCellRecovered: "5.属于三类内部事务信息 with six zeros"
        case .table3DroppedCellAmbiguous: "（一）予以公开 with 1 0 0 0 0 1 (six values)"
        case .table4Missing: "no 行政复议 table"
        case .table4ValueInvalid: "行政复议/总计 = \"-\u{2009}1\""
        case .table4ExtraValues: "sixteen numbers in the row"
        case .table4TotalMismatch: "行政复议: 1 + 0 + 0 + 0 ≠ 0"
        case .table4BlankRecovered: "only the three 总计 cells filled, all 0"
        case .table4BlankUnrecoverable: "行政复议 总计 2 with all four outcomes blank"
        case .table4DroppedCellRecovered: "fourteen zeros"
        case .table4DroppedCellAmbiguous: "fourteen values, not all equal"
        case .textTableMismatch: "\"共收到申请5件\" but Table 3 一、本年新收 总计 is 3"
        case .yearMissing: "a report with neither title nor statistics period"
        case .yearInconsistent: "title 2023年, 统计期限为2022年1月1日至2022年12月31日"
        case .signatureDateInvalid: "a 2023 report signed 2023年6月1日"
        case .agencyMissing: "no title line and no signature"
        case .feeStatementMissing: "a 2022 report whose section 六 only says 无"
        }
    }
}
