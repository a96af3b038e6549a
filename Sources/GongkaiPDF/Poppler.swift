import CPoppler
import GongkaiReport

#if canImport(Glibc)
import Glibc
#endif

/// One character of a page's text layer with its box (points, origin top-left).
struct Glyph: Sendable {
    var scalar: Unicode.Scalar
    var x1: Double
    var y1: Double
    var x2: Double
    var y2: Double
}

/// The characters of one page, in poppler's text order.
struct PageGlyphs: Sendable {
    /// 1-based.
    var number: Int
    var width: Double
    var height: Double
    var glyphs: [Glyph]
}

/// The only place that touches poppler-glib: bytes in, Swift values out.
///
/// Every GObject is released before returning (pages and the document with
/// `g_object_unref`, texts and rectangle arrays with `g_free`, errors with `g_error_free`).
enum Poppler {
    /// Characters on one page at most: a real page holds a few thousand; a page of millions of
    /// glyphs is an attack or not a report.
    static let maxGlyphsPerPage = 200_000

    /// Opens the document and returns every page's characters.
    static func pages(_ bytes: [UInt8], limits: ReadLimits) throws(DocumentReadError) -> [PageGlyphs] {
        silenceOnce()
        guard !bytes.isEmpty else { throw .broken("empty file") }
        guard bytes.count <= limits.maxExpandedBytes else { throw .overLimit("file of \(bytes.count) bytes") }
        let gbytes: OpaquePointer? = bytes.withUnsafeBytes { raw in g_bytes_new(raw.baseAddress, gsize(raw.count)) }
        guard let gbytes else { throw .broken("out of memory") }
        defer { g_bytes_unref(gbytes) }

        var error: UnsafeMutablePointer<GError>? = nil
        guard let document = poppler_document_new_from_bytes(gbytes, nil, &error) else {
            var encrypted = false
            var message = "not a readable PDF"
            if let e = error {
                encrypted = e.pointee.domain == poppler_error_quark() && e.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
                if let m = e.pointee.message { message = String(cString: m) }
                g_error_free(e)
            }
            if encrypted { throw .encrypted }
            throw .broken(message)
        }
        if let e = error { g_error_free(e) }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }

        let count = Int(poppler_document_get_n_pages(document))
        guard count > 0 else { throw .broken("no pages") }
        guard count <= limits.maxPages else { throw .overLimit("\(count) pages (at most \(limits.maxPages))") }

        var pages: [PageGlyphs] = []
        pages.reserveCapacity(count)
        var totalBytes = 0
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                pages.append(PageGlyphs(number: index + 1, width: 0, height: 0, glyphs: []))
                continue
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var width = 0.0
            var height = 0.0
            poppler_page_get_size(page, &width, &height)

            var rects: UnsafeMutablePointer<PopplerRectangle>? = nil
            var rectCount: guint = 0
            let hasLayout = poppler_page_get_text_layout(page, &rects, &rectCount) != 0
            defer { if let rects { g_free(rects) } }
            guard hasLayout, let rects, rectCount > 0 else {
                pages.append(PageGlyphs(number: index + 1, width: width, height: height, glyphs: []))
                continue
            }
            guard Int(rectCount) <= maxGlyphsPerPage else {
                throw .overLimit("page \(index + 1) has \(rectCount) characters (at most \(maxGlyphsPerPage))")
            }
            guard let text = poppler_page_get_text(page) else {
                pages.append(PageGlyphs(number: index + 1, width: width, height: height, glyphs: []))
                continue
            }
            defer { g_free(text) }
            let length = strlen(text)
            totalBytes += length
            guard totalBytes <= limits.maxExpandedBytes else { throw .overLimit("more than \(limits.maxExpandedBytes) bytes of text") }
            let string = String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)

            // One rectangle per character of the text, in the same order.
            var glyphs: [Glyph] = []
            glyphs.reserveCapacity(Int(rectCount))
            var i = 0
            let n = Int(rectCount)
            for scalar in string.unicodeScalars {
                guard i < n else { break }
                let r = rects[i]
                i += 1
                let x1 = min(r.x1, r.x2)
                let x2 = max(r.x1, r.x2)
                let y1 = min(r.y1, r.y2)
                let y2 = max(r.y1, r.y2)
                guard x1.isFinite, x2.isFinite, y1.isFinite, y2.isFinite else { continue }
                glyphs.append(Glyph(scalar: scalar, x1: x1, y1: y1, x2: x2, y2: y2))
            }
            pages.append(PageGlyphs(number: index + 1, width: width, height: height, glyphs: glyphs))
        }
        return pages
    }

    /// poppler-glib hands poppler's own messages about damaged files ("Syntax error at
    /// position …") to `g_log` in the "Poppler" domain at level INFO, which GLib prints
    /// only under `G_MESSAGES_DEBUG`. A handler for that domain drops them for good (set
    /// once, process-wide, for this domain only): the reader reports damage by its error.
    private static let silenced: Bool = {
        let levels = GLogLevelFlags(
            rawValue: G_LOG_LEVEL_INFO.rawValue | G_LOG_LEVEL_DEBUG.rawValue | G_LOG_LEVEL_MESSAGE.rawValue | G_LOG_LEVEL_WARNING.rawValue)
        _ = g_log_set_handler("Poppler", levels, { _, _, _, _ in }, nil)
        return true
    }()

    static func silenceOnce() {
        _ = silenced
    }
}
