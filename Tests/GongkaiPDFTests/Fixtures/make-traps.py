#!/usr/bin/env python3
"""Makes the small hand-laid PDFs the GongkaiPDF trap tests read (run once; the PDFs are
committed next to this script): python3 make-traps.py

Each PDF places every character itself (no layout engine), so a test knows exactly where
things stand: a Table 3 fragment that runs over a page break with its header repeated, a
page number between the two parts, the group label 三、本年度办理结果 printed one character
per line in a narrow column, blank cells, a wrapped label whose 总计 sits top-aligned on the
label's first line, item numbers on baselines of their own, a row cut in two by a page break. Text uses a CID font (Identity-H, not embedded) with a ToUnicode map, the
way WPS and Word write Chinese, so poppler reads real Unicode.

`encrypted.pdf` (user password "secret") and `owner-only.pdf` (owner password only) are
made from trap-split-table.pdf with qpdf (apt-get install qpdf):
    qpdf --encrypt secret owner 256 -- trap-split-table.pdf encrypted.pdf
    qpdf --encrypt "" owner 256 -- trap-split-table.pdf owner-only.pdf
"""
import sys
import zlib

PAGE_W, PAGE_H = 595, 842


class Doc:
    def __init__(self):
        self.chars = {}     # unicode char -> CID
        self.pages = []     # list of lists of (x, y_top, size, text)

    def cid(self, ch):
        if ch not in self.chars:
            self.chars[ch] = len(self.chars) + 1
        return self.chars[ch]

    def page(self):
        self.pages.append([])

    def text(self, x, y, s, size=10):
        """Text with its top-left corner at (x, y) from the top of the page."""
        self.pages[-1].append((x, y, size, s))

    def vertical(self, x, y, s, size=10):
        """One character per line, downwards."""
        for k, ch in enumerate(s):
            self.text(x, y + k * size, ch, size)

    @staticmethod
    def width(ch):
        return 500 if ord(ch) < 0x80 else 1000

    def build(self):
        for page in self.pages:
            for _, _, _, s in page:
                for ch in s:
                    self.cid(ch)
        objects = []

        def add(body):
            objects.append(body)
            return len(objects)

        catalog = add(None)
        pages_obj = add(None)
        # Font: Type0 / Identity-H over a CIDFontType2 without a font file.
        widths = " ".join(f"{cid} [{self.width(ch)}]" for ch, cid in sorted(self.chars.items(), key=lambda kv: kv[1]))
        descriptor = add(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
                         b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
        cidfont = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
                      f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                      f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>".encode())
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        items = sorted(self.chars.items(), key=lambda kv: kv[1])
        for start in range(0, len(items), 100):
            chunk = items[start:start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            for ch, cid in chunk:
                lines.append(f"<{cid:04X}> <{ord(ch):04X}>")
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        cmap = "\n".join(lines).encode()
        tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
        font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                   f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {tounicode} 0 R >>".encode())
        page_ids = []
        for page in self.pages:
            ops = []
            for x, y, size, s in page:
                hexs = "".join(f"{self.cid(ch):04X}" for ch in s)
                baseline = PAGE_H - y - 0.88 * size
                ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {baseline:.2f} Tm <{hexs}> Tj ET")
            content = zlib.compress("\n".join(ops).encode())
            stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
            page_ids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {stream} 0 R >>".encode()))
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
        kids = " ".join(f"{p} 0 R" for p in page_ids)
        objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for o in offsets:
            out += b"%010d 00000 n \n" % o
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
        return bytes(out)


COLUMNS = [300, 335, 370, 405, 440, 475, 510]   # value column centres
HEADERS = [["自然", "人"], ["商业", "企业"], ["科研", "机构"], ["社会", "公益", "组织"], ["法律", "服务", "机构"], ["其他"], ["总计"]]


def header(d, top):
    d.text(60, top, "（本列数据的勾稽关系为：第一项加第二项之")
    d.text(60, top + 13, "和，等于第三项加第四项之和）")
    for c, words in zip(COLUMNS, HEADERS):
        for k, w in enumerate(words):
            d.text(c - 5 * len(w), top + 13 * k, w)


def values(d, y, cells):
    for c, v in zip(COLUMNS, cells):
        if v != "":
            d.text(c - 2.5 * len(v), y, v)


def split_table():
    d = Doc()
    d.page()
    d.text(60, 60, "三、收到和处理政府信息公开申请情况", 12)
    header(d, 90)
    d.text(60, 150, "一、本年新收政府信息公开申请数量")
    values(d, 150, ["3", "0", "0", "0", "0", "0", "3"])
    d.text(60, 170, "二、上年结转政府信息公开申请数量")
    values(d, 170, ["", "0", "0", "0", "0", "0", "0"])          # blank 自然人
    d.vertical(62, 200, "三、本年度办理结果")                      # one character per line
    d.text(90, 190, "（一）予以公开")
    values(d, 190, ["2", "0", "0", "0", "0", "0", "2"])
    d.text(90, 210, "（二）部分公开（区分处理的，只计这一情")      # wrapped label
    d.text(90, 223, "形，不计其他情形）")
    values(d, 210, ["", "", "", "", "", "", "1"])                # 总计 top-aligned
    values(d, 217, ["1", "0", "0", "0", "0", "0", ""])           # the others centred
    d.text(90, 250, "（三）不予")
    d.text(90, 263, "公开")
    d.text(150, 245, "1.属于国家秘密")
    values(d, 245, ["0", "0", "0", "0", "0", "0", ""])          # blank 总计
    d.text(150, 265, "2.其他法律行政法规禁止公开")
    values(d, 265, ["0", "0", "", "0", "0", "0", "0"])          # blank 科研机构
    d.text(290, 800, "- 1 -")                                    # page number inside the table
    d.page()
    header(d, 60)                                                # header repeated
    d.text(150, 120, "3.危及“三安全一稳定”")
    values(d, 120, ["0", "0", "0", "0", "0", "0", "0"])
    d.text(90, 140, "（七）总计")
    values(d, 140, ["3", "0", "0", "0", "0", "0", "3"])
    d.text(60, 160, "四、结转下年度继续办理")
    values(d, 160, ["0", "0", "0", "0", "0", "0", "0"])
    d.text(60, 200, "四、政府信息公开行政复议、行政诉讼情况", 12)
    d.text(290, 800, "第2页")
    return d.build()


def item_numbers():
    """Item numbers on baselines of their own, beside their labels."""
    d = Doc()
    d.page()
    d.text(60, 60, "三、收到和处理政府信息公开申请情况", 12)
    header(d, 90)
    d.text(60, 150, "一、本年新收政府信息公开申请数量")
    values(d, 150, ["1", "0", "0", "0", "0", "0", "1"])
    d.text(80, 180, "（三）不予")
    d.text(80, 193, "公开")
    d.text(150, 175, "1.", 12)                                   # bigger, 5 pt lower
    d.text(162, 170, "属于国家秘密")
    values(d, 170, ["0", "0", "0", "0", "0", "0", "0"])
    d.text(150, 197, "5.")                                       # centred beside two lines
    d.text(162, 190, "要求行政机关确认或重新出具")
    d.text(162, 204, "已获取信息")
    values(d, 197, ["1", "0", "0", "0", "0", "0", "1"])
    d.text(90, 225, "（七）总计")
    values(d, 225, ["1", "0", "0", "0", "0", "0", "1"])
    return d.build()


def row_across_pages():
    """A tall row cut by the page break: its label's first line and top-aligned 总计 end page
    1, the rest of the label and the other values start page 2 (under the repeated header)."""
    d = Doc()
    d.page()
    header(d, 60)
    d.text(60, 120, "一、本年新收政府信息公开申请数量")
    values(d, 120, ["2", "0", "0", "0", "0", "0", "2"])
    d.text(125, 760, "1.申请人无正当理由逾期不补正、")
    values(d, 760, ["", "", "", "", "", "", "2"])
    d.text(290, 800, "- 1 -")
    d.page()
    header(d, 60)
    d.text(125, 120, "行政机关不再处理其政府信息公开")
    d.text(125, 133, "申请")
    values(d, 126, ["2", "0", "0", "0", "0", "0", ""])
    d.text(125, 150, "2.申请人逾期未按收费通知要求缴")
    values(d, 150, ["0", "0", "0", "0", "0", "0", "0"])
    return d.build()


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(f"{out}/trap-split-table.pdf", "wb") as f:
        f.write(split_table())
    with open(f"{out}/trap-item-numbers.pdf", "wb") as f:
        f.write(item_numbers())
    with open(f"{out}/trap-row-across-pages.pdf", "wb") as f:
        f.write(row_across_pages())
