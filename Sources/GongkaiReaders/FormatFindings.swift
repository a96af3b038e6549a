import GongkaiReport

/// The findings for files that cannot be read as a report at all: each says what the
/// clerk should send instead.
enum FormatFindings {
    static func finding(for error: DocumentReadError, format: DocumentFormat) -> Finding {
        switch error {
        case .encrypted:
            Finding(
                .formatEncrypted, expected: "a file without a password", actual: "\(format.rawValue), encrypted",
                zh: "文件设有打开密码，无法读取。请提供未加密的 PDF 或 DOCX 文件。",
                en: "The file is password-protected and cannot be read. Send a copy without a password (PDF or DOCX).")
        case .imageOnly(let pages):
            imageOnly(pages: pages)
        case .broken(let detail):
            unreadable(format: format, detail: detail)
        case .overLimit(let detail):
            Finding(
                .documentUnreadable, expected: "a report within the reading limits", actual: "\(format.rawValue): \(detail)",
                zh: "文件超出读取限制（\(detail)），未读取。请检查文件是否为正常的年度报告，另存为 PDF 或 DOCX 后重新上传。",
                en:
                    "The file exceeds a reading limit (\(detail)) and was not read. Check that it is the annual report, save it again as PDF or DOCX and upload it."
            )
        }
    }

    static func imageOnly(pages: Int) -> Finding {
        let pageText = pages > 0 ? "\(pages) page(s) of images" : "no text"
        return Finding(
            .formatImageOnly, expected: "a PDF with a text layer", actual: pageText,
            zh: "扫描件没有文字层，无法核查表格数据。请提供由 Word/WPS 直接导出的 PDF 或 DOCX 原件。",
            en: "The PDF is a scan without a text layer, so its tables cannot be checked. Send the PDF exported from Word/WPS, or the DOCX.")
    }

    static func unreadable(format: DocumentFormat, detail: String) -> Finding {
        Finding(
            .documentUnreadable, expected: "a complete \(format.rawValue.uppercased()) file", actual: detail,
            zh: "文件已损坏或不完整，无法读取。请重新导出或重新上传完整的文件。",
            en: "The file is damaged or incomplete (\(detail)). Export or upload it again.")
    }

    static func unsupported(_ format: DocumentFormat) -> Finding {
        let (zhName, enName): (String, String) =
            switch format {
            case .doc: ("Word 97–2003（.doc）或 WPS 文件", "a Word 97–2003 (.doc) or WPS file")
            case .odt: ("OpenDocument（.odt）文件", "an OpenDocument (.odt) file")
            case .rtf: ("RTF 文件", "an RTF file")
            case .image: ("图片", "an image")
            case .zip: ("压缩包", "a zip archive")
            default: ("该格式", "this format")
            }
        let zhAdvice = format == .image ? "请提供由 Word/WPS 导出的 PDF 或 DOCX 原件，而非照片或扫描图片。" : "请另存为 DOCX 或 PDF 后重新上传。"
        let enAdvice = format == .image ? "Send the PDF or DOCX exported from Word/WPS, not a photo or scan." : "Save it as DOCX or PDF and upload it again."
        return Finding(
            .formatUnsupported, expected: "PDF, DOCX, a web page or text", actual: format.rawValue,
            zh: "不支持\(zhName)。\(zhAdvice)", en: "The file is \(enName), which is not read. \(enAdvice)")
    }
}
