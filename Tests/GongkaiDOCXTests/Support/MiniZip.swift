import Foundation

/// Writes small zip files byte by byte, so the tests control every field (sizes that lie,
/// raw deflate data) — and a minimal DOCX around a body of WordprocessingML.
enum MiniZip {
    struct Entry {
        var name: String
        /// The bytes stored in the zip (already deflated when `method` is 8).
        var data: [UInt8]
        var method: UInt16 = 0
        /// Declared CRC-32 and uncompressed size (default: those of `data`, stored).
        var crc: UInt32?
        var uncompressedSize: UInt32?
    }

    static func zip(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let offset = UInt32(out.count)
            let name = Array(entry.name.utf8)
            let crc = entry.crc ?? crc32(entry.data)
            let size = entry.uncompressedSize ?? UInt32(entry.data.count)
            func header(_ signature: UInt32, central: Bool) -> [UInt8] {
                var h: [UInt8] = []
                h += le32(signature)
                if central { h += le16(20) }  // version made by
                h += le16(20)  // version needed
                h += le16(0x0800)  // flags: UTF-8 names
                h += le16(entry.method)
                h += le16(0) + le16(0x21)  // time, date
                h += le32(crc) + le32(UInt32(entry.data.count)) + le32(size)
                h += le16(UInt16(name.count)) + le16(0)  // name, extra length
                if central {
                    h += le16(0) + le16(0) + le16(0) + le32(0) + le32(offset)
                }
                return h + name
            }
            out += header(0x0403_4B50, central: false) + entry.data
            central += header(0x0201_4B50, central: true)
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A DOCX whose body is `body` (WordprocessingML with the `w` prefix).
    static func docx(body: String, prefix: String = "w", namespace: String = wordNamespace, parts: [Entry] = []) -> [UInt8] {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <\(prefix):document xmlns:\(prefix)="\(namespace)" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
            xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" \
            xmlns:v="urn:schemas-microsoft-com:vml"><\(prefix):body>\(body)</\(prefix):body></\(prefix):document>
            """
        return docx(documentXML: Array(xml.utf8), parts: parts)
    }

    static func docx(documentXML: [UInt8], parts: [Entry] = []) -> [UInt8] {
        let types = """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """
        let rels = """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="word/document.xml"/></Relationships>
            """
        return zip(
            [
                Entry(name: "[Content_Types].xml", data: Array(types.utf8)),
                Entry(name: "_rels/.rels", data: Array(rels.utf8)),
                Entry(name: "word/document.xml", data: documentXML),
            ] + parts)
    }

    /// A paragraph of runs.
    static func p(_ runs: String...) -> String {
        "<w:p>" + runs.map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined() + "</w:p>"
    }

    /// A cell; `properties` go into `w:tcPr`.
    static func tc(_ text: String, _ properties: String = "") -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr>\(p(text))</w:tc>"
    }

    static func tr(_ cells: String..., header: Bool = false) -> String {
        "<w:tr>" + (header ? "<w:trPr><w:tblHeader/></w:trPr>" : "") + cells.joined() + "</w:tr>"
    }

    static func tbl(_ rows: String...) -> String {
        "<w:tbl><w:tblPr/><w:tblGrid/>" + rows.joined() + "</w:tbl>"
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Raw deflate data inflating to 1 + 258 × 8 × `blocks` bytes of "a" (fixed Huffman:
    /// one literal, then copies of 258 bytes at distance 1): 13 bytes per 2064 inflated.
    static func deflateBomb(blocks: Int) -> [UInt8] {
        // Eight copies take 104 bits, a whole number of bytes: past the first two bytes,
        // the stream repeats every 13 bytes, so more blocks are spliced in as bytes.
        let two = bombStream(copies: 16)
        guard blocks > 2 else { return bombStream(copies: 8 * max(blocks, 0)) }
        var out = Array(two[0..<2])
        let period = Array(two[2..<15])
        out.reserveCapacity(two.count + 13 * (blocks - 2))
        for _ in 0..<(blocks - 2) { out += period }
        return out + two[2...]
    }

    static func bombStream(copies: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.bits(1, 1)  // BFINAL
        writer.bits(1, 2)  // BTYPE = 01, fixed Huffman
        writer.code(0x30 + 0x61, 8)  // literal 'a'
        for _ in 0..<copies {
            writer.code(0xC0 + 5, 8)  // length symbol 285 = 258
            writer.code(0, 5)  // distance code 0 = 1
        }
        writer.code(0, 7)  // end of block
        return writer.finish()
    }

    struct BitWriter {
        var out: [UInt8] = []
        var current: UInt32 = 0
        var count = 0

        /// `n` bits of `value`, least significant first (deflate header fields).
        mutating func bits(_ value: UInt32, _ n: Int) {
            for i in 0..<n { push((value >> UInt32(i)) & 1) }
        }

        /// A Huffman code of `n` bits, most significant first.
        mutating func code(_ value: UInt32, _ n: Int) {
            for i in stride(from: n - 1, through: 0, by: -1) { push((value >> UInt32(i)) & 1) }
        }

        mutating func push(_ bit: UInt32) {
            current |= bit << UInt32(count)
            count += 1
            if count == 8 {
                out.append(UInt8(current))
                current = 0
                count = 0
            }
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { out.append(UInt8(current)) }
            return out
        }
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
}
