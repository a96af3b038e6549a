#!/usr/bin/env python3
"""Makes the HTML fixtures from the corpus DOCX files (standard library only).

    python3 make-html.py ../../../../shared/corpus/seed-00{0,1,2,3,4}.docx ../../../../shared/corpus/seed-001-split.docx

For each DOCX, two pages with the same paragraphs and tables (merged cells as rowspan and
colspan, computed from w:gridSpan / w:vMerge):

- NAME.html: a page as a government site publishes it: UTF-8 with <meta charset>, site
  navigation, scripts, styles, a footer; tables with rowspan/colspan, <br> inside cells.
- NAME-word.html: what Word's "save as web page" writes: GB18030 bytes declared as
  charset=gb2312, <o:p> elements, conditional comments, mso- styles, one
  <p class=MsoNormal> per paragraph of a cell, one <span> per character in labels (some
  on their own lines), attributes wrapped onto new lines, a spacer row in
  <![if !supportMisalignedColumns]>, list numbers in <![if !supportLists]>, and
  header rows repeated when a table was split over two Word tables.
"""
import html
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + 't':
            out.append(el.text or '')
        elif el.tag == W + 'tab':
            out.append('\t')
        elif el.tag in (W + 'br', W + 'cr'):
            out.append('\n')
    return ''.join(out)


def read_docx(path):
    root = ET.fromstring(zipfile.ZipFile(path).read('word/document.xml'))
    blocks = []
    for child in root.find(W + 'body'):
        if child.tag == W + 'p':
            blocks.append(('p', para_text(child)))
        elif child.tag == W + 'tbl':
            blocks.append(('table', read_table(child)))
    return blocks


def read_table(tbl):
    """Rows of (paragraphs, colspan, rowspan, is_header); vertical continuations left out."""
    grid_rows = []
    for tr in tbl.findall(W + 'tr'):
        header = tr.find(W + 'trPr/' + W + 'tblHeader') is not None
        col = 0
        cells = []
        for tc in tr.findall(W + 'tc'):
            pr = tc.find(W + 'tcPr')
            span, merge = 1, None
            if pr is not None:
                g = pr.find(W + 'gridSpan')
                if g is not None:
                    span = int(g.get(W + 'val'))
                v = pr.find(W + 'vMerge')
                if v is not None:
                    merge = v.get(W + 'val') or 'continue'
            paras = [para_text(p) for p in tc.findall(W + 'p')]
            cells.append({'col': col, 'span': span, 'merge': merge, 'paras': paras, 'rowspan': 1})
            col += span
        grid_rows.append((cells, header))
    # Row spans: a restart collects the continuations below it at the same column.
    for r, (cells, _) in enumerate(grid_rows):
        for cell in cells:
            if cell['merge'] == 'restart':
                below = r + 1
                while below < len(grid_rows):
                    match = [c for c in grid_rows[below][0] if c['col'] == cell['col'] and c['merge'] == 'continue']
                    if not match:
                        break
                    cell['rowspan'] += 1
                    below += 1
    return [([c for c in cells if c['merge'] != 'continue'], header) for cells, header in grid_rows]


def plain(blocks, title):
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<title>%s</title>' % html.escape(title),
           '<script>var _hmt = _hmt || []; document.write("<table><tr><td>广告</td></tr></table>");</script>',
           '<style>table { border-collapse: collapse } td { border: 1px solid #000 }</style></head><body>',
           '<nav><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</nav>',
           '<div class="article"><div class="content">']
    for kind, value in blocks:
        if kind == 'p':
            if value.strip():
                out.append('<p>%s</p>' % html.escape(value).replace('\n', '<br>'))
            else:
                out.append('<p>&nbsp;</p>')
        else:
            out.append('<table border="1" cellspacing="0">')
            for cells, _ in value:
                row = []
                for c in cells:
                    attrs = ''
                    if c['span'] > 1:
                        attrs += ' colspan="%d"' % c['span']
                    if c['rowspan'] > 1:
                        attrs += ' rowspan="%d"' % c['rowspan']
                    text = '<br>'.join(html.escape(p).replace('\n', '<br>') for p in c['paras'])
                    row.append('<td%s>%s</td>' % (attrs, text))
                out.append('  <tr>' + ''.join(row) + '</tr>')
            out.append('</table>')
    out += ['</div></div>',
            '<footer><p>主办：某县人民政府办公室 版权所有 备案号：浙ICP备00000000号</p></footer>',
            '<script>console.log("<p>统计代码</p>")</script></body></html>']
    return '\n'.join(out) + '\n'


def wrap(markup, width=76):
    """Word wraps its markup at spaces (inside tags too), never inside words."""
    lines = []
    for line in markup.split('\n'):
        while len(line) > width:
            cut = line.rfind(' ', 0, width)
            if cut <= 0:
                break
            lines.append(line[:cut])
            line = line[cut + 1:]
        lines.append(line)
    return '\n'.join(lines)


SPAN = "<span style='font-size:10.0pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";mso-hansi-font-family:\"Times New Roman\"'>"


def word_paragraph(text, label, cell):
    align = " align=center style='text-align:center'" if cell else ''
    if not text.strip('\u3000 '):
        filler = html.escape(text) if text else '&nbsp;'
        return "<p class=MsoNormal%s><span lang=EN-US style='font-size:10.0pt'><o:p>%s</o:p></span></p>" % (align, filler)
    m = re.match(r'^([一二三四五六七八九十]+、)(.*)$', text, re.S)
    if m and not cell:
        # A heading numbered by a Word list: the number in a downlevel-revealed comment.
        return ("<p class=MsoListParagraph style='margin-left:32.0pt;text-indent:-32.0pt;mso-list:l0 level1 lfo1'>"
                "<![if !supportLists]><span style='font-family:黑体;mso-list:Ignore'>%s<span\nstyle='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>"
                "<span style='font-family:黑体'>%s<o:p></o:p></span></p>") % (m.group(1), html.escape(m.group(2)))
    if label:
        # One span per character, as Word writes runs of mixed formatting; every fifth on
        # a line of its own.
        parts = []
        for i, ch in enumerate(text):
            sep = '\n' if i % 5 == 4 else ''
            if ch == '\n':
                parts.append('<br>')
            else:
                parts.append(sep + SPAN + html.escape(ch) + '</span>')
        return "<p class=MsoNormal%s>%s<span lang=EN-US><o:p></o:p></span></p>" % (align, ''.join(parts))
    body = html.escape(text).replace('\n', "<br>\n").replace('\t', "<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>")
    return "<p class=MsoNormal%s><span lang=EN-US style='font-size:10.0pt;font-family:宋体'>%s<o:p></o:p></span></p>" % (align, body)


def word(blocks):
    out = ['<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
           'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">',
           '<head>\n<meta http-equiv=Content-Type content="text/html; charset=gb2312">',
           '<meta name=ProgId content=Word.Document>\n<meta name=Generator content="Microsoft Word 15">',
           '<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>user</o:Author>\n  <o:Pages>5</o:Pages>\n'
           ' </o:DocumentProperties>\n</xml><![endif]-->',
           '<style>\n<!--\n /* Font Definitions */\n @font-face\n\t{font-family:宋体;\n\tpanose-1:2 1 6 0 3 1 1 1 1 1;}\n'
           'p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-parent:"";\n\tmargin:0cm;\n\tfont-size:10.5pt;}\n-->\n</style>',
           '</head>', "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>", '<div class=WordSection1 style=\'layout-grid:15.6pt\'>']
    for kind, value in blocks:
        if kind == 'p':
            out.append(wrap(word_paragraph(value, False, False)))
        else:
            out.append("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600\n"
                       " style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
                       " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>")
            for r, (cells, header) in enumerate(value):
                tr = [" <tr style='mso-yfti-irow:%d%s;height:20.0pt'>" % (r, ';mso-yfti-firstrow:yes' if r == 0 else '')]
                for c in cells:
                    attrs = ' width=60'
                    if c['span'] > 1:
                        attrs += ' colspan=%d' % c['span']
                    if c['rowspan'] > 1:
                        attrs += ' rowspan=%d' % c['rowspan']
                    label = any(re.search(r'[\u4e00-\u9fff]', p) for p in c['paras'])
                    content = '\n'.join(word_paragraph(p, label, True) for p in (c['paras'] or ['']))
                    tr.append(wrap("  <td%s valign=top style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n  %s\n  </td>" % (attrs, content)))
                tr.append(' </tr>')
                out.append('\n'.join(tr))
            out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n" + "\n".join("  <td width=60 style='border:none'></td>" for _ in range(6)) + "\n </tr>\n <![endif]>")
            out.append('</table>\n</div>')
    out.append('\n</div>\n</body>\n</html>')
    return '\n'.join(out) + '\n'


def main():
    for path in sys.argv[1:]:
        name = path.rsplit('/', 1)[-1][:-len('.docx')]
        blocks = read_docx(path)
        title = next((t for k, t in blocks if k == 'p' and '年度报告' in t), '政府信息公开工作年度报告').replace('\n', '')
        with open(name + '.html', 'w', encoding='utf-8') as f:
            f.write(plain(blocks, title))
        with open(name + '-word.html', 'wb') as f:
            f.write(word(blocks).encode('gb18030'))


if __name__ == '__main__':
    main()
