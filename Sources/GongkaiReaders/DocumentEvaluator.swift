import GongkaiDOCX
import GongkaiHTML
import GongkaiPDF
import GongkaiReport

/// Bytes in, evaluation out, for every format: detect the format from the bytes, make a
/// ``Document`` with the right reader (or decode text), run the engine.
///
/// The CLI reads in its own process. The daemon reads untrusted PDF, DOCX and HTML files
/// in a child process under limits (``read(_:format:limits:)`` is what the child runs) and
/// hands the result to ``evaluate(_:format:read:)``, so a reader that crashes or hangs
/// costs one file, not the daemon.
public enum DocumentEvaluator {
    /// What one file became.
    public struct Outcome: Sendable {
        public var evaluation: Evaluation
        public var format: DocumentFormat
        /// Per line of the text the engine read (`evaluation.report.text`), the page it
        /// came from, when the format has pages.
        public var pages: [Int?]

        /// The page of a finding's line, when known.
        public func page(of finding: Finding) -> Int? {
            guard let line = finding.location.line, line >= 1, line <= pages.count else { return nil }
            return pages[line - 1]
        }
    }

    /// Whether files of this format go through a document reader (PDF, DOCX, HTML), which
    /// the daemon runs in a child process; text is decoded by the engine itself.
    public static func needsReader(_ format: DocumentFormat) -> Bool {
        switch format {
        case .pdf, .docx, .html: true
        case .text, .doc, .odt, .rtf, .zip, .image: false
        }
    }

    /// Reads and evaluates in this process.
    public static func evaluate(_ bytes: [UInt8], limits: ReadLimits = .standard) -> Outcome {
        let format = DocumentFormat.detect(bytes)
        let reading = needsReader(format) ? read(bytes, format: format, limits: limits) : nil
        return evaluate(bytes, format: format, read: reading)
    }

    /// Runs the reader of `format` (PDF, DOCX, HTML); nil for formats without one.
    public static func read(_ bytes: [UInt8], format: DocumentFormat, limits: ReadLimits = .standard) -> Result<Document, DocumentReadError>? {
        switch format {
        case .pdf: Result { () throws(DocumentReadError) in try Readers.pdf(bytes, limits) }
        case .docx: Result { () throws(DocumentReadError) in try Readers.docx(bytes, limits) }
        case .html: Result { () throws(DocumentReadError) in try Readers.html(bytes, limits) }
        case .text, .doc, .odt, .rtf, .zip, .image: nil
        }
    }

    /// Evaluates a file whose reading (for PDF, DOCX, HTML) is done.
    public static func evaluate(_ bytes: [UInt8], format: DocumentFormat, read reading: Result<Document, DocumentReadError>?) -> Outcome {
        switch format {
        case .text:
            return Outcome(evaluation: ReportEngine.evaluate(bytes), format: format, pages: [])
        case .pdf, .docx, .html:
            switch reading {
            case .success(let document)?:
                let rendering = DocumentText.render(document)
                var evaluation = ReportEngine.evaluate(text: rendering.text)
                if format == .pdf, document.textLength == 0 {
                    evaluation = rejected(FormatFindings.imageOnly(pages: 0))
                }
                return Outcome(evaluation: evaluation, format: format, pages: rendering.pages)
            case .failure(let error)? where format == .html && !isLimit(error):
                // A page libxml2 could not make sense of is still text: the engine's own
                // markup flattening reads it.
                return Outcome(evaluation: ReportEngine.evaluate(bytes), format: format, pages: [])
            case .failure(let error)?:
                return Outcome(evaluation: rejected(FormatFindings.finding(for: error, format: format)), format: format, pages: [])
            case nil:
                return Outcome(evaluation: rejected(FormatFindings.unreadable(format: format, detail: "no reader result")), format: format, pages: [])
            }
        case .doc, .odt, .rtf, .zip, .image:
            return Outcome(evaluation: rejected(FormatFindings.unsupported(format)), format: format, pages: [])
        }
    }

    static func isLimit(_ error: DocumentReadError) -> Bool {
        if case .overLimit = error { return true }
        return false
    }

    static func rejected(_ finding: Finding) -> Evaluation {
        Evaluation(report: Report(), findings: [finding])
    }
}
