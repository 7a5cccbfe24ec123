package warntext

import (
	"html"
	"strings"
)

// A warning is built once as a small document of spans, then written out
// four ways. Spans remember where their text came from, so that escaping
// and linking are decided in one place: text from the sender is always
// escaped and never linked; only links written in the locale files become
// <a href>.

type span struct {
	text string
	href string // set for links from the locale files only
	bold bool
	code bool // a command the owner can copy
}

type line []span

type block struct {
	head  line   // a paragraph, or the heading of a list
	items []line // list items, if any
}

type doc struct {
	title  string
	blocks []block
}

// fill expands t, asking arg for each placeholder. It reports false when a
// placeholder has no value, so that the caller can try a simpler template.
func fill(t *tmpl, arg func(name string) (value, bool)) (line, bool) {
	if t == nil {
		return nil, false
	}
	out := make(line, 0, len(t.segs))
	bold := false
	for _, s := range t.segs {
		switch s.kind {
		case segBold:
			bold = !bold
		case segText:
			out = append(out, span{text: s.text, bold: bold})
		case segLink:
			out = append(out, span{text: s.text, href: hrefFor(s.text), bold: bold})
		case segArg:
			v, ok := arg(s.text)
			if !ok || v.text == "" {
				return nil, false
			}
			out = append(out, span{text: v.text, bold: bold, code: v.code})
		}
	}
	return out, true
}

// value fills a placeholder. Its text is never parsed for markup or links.
type value struct {
	text string
	code bool
}

func hrefFor(link string) string {
	if strings.Contains(link, "://") {
		return link
	}
	if strings.Contains(link, "@") {
		return "mailto:" + link // "verdacht@safeonweb.be"
	}
	return "https://" + link
}

func (l line) plain(b *strings.Builder) {
	for _, s := range l {
		b.WriteString(s.text)
	}
}

func (d *doc) plain() string {
	var b strings.Builder
	b.WriteString(d.title)
	b.WriteByte('\n')
	for i, bl := range d.blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(bl.head) > 0 {
			bl.head.plain(&b)
			b.WriteByte('\n')
		}
		for _, it := range bl.items {
			b.WriteString("• ")
			it.plain(&b)
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// telegramEscape escapes exactly what the Bot API's HTML parse mode asks for.
var telegramEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// html writes l with the escaper and the tag for commands of one flavour.
func (l line) html(b *strings.Builder, esc func(string) string, codeTag string) {
	for _, s := range l {
		pre, post := "", ""
		switch {
		case s.code: // Telegram lets no entity contain code, nor code contain one
			pre, post = "<"+codeTag+">", "</"+codeTag+">"
		case s.bold:
			pre, post = "<b>", "</b>"
		}
		b.WriteString(pre)
		if s.href != "" {
			b.WriteString(`<a href="`)
			b.WriteString(html.EscapeString(s.href))
			b.WriteString(`">`)
			b.WriteString(esc(s.text))
			b.WriteString("</a>")
		} else {
			b.WriteString(esc(s.text))
		}
		b.WriteString(post)
	}
}

// matrixHTML writes the formatted_body of an m.room.message, using only
// <b>, <br>, <ul>/<li> and <a>.
func (d *doc) matrixHTML() string {
	var b strings.Builder
	b.WriteString("<b>")
	b.WriteString(html.EscapeString(d.title))
	b.WriteString("</b>")
	for _, bl := range d.blocks {
		b.WriteString("<br><br>")
		if len(bl.head) > 0 {
			bl.head.html(&b, html.EscapeString, "b")
		}
		if len(bl.items) > 0 {
			b.WriteString("<ul>")
			for _, it := range bl.items {
				b.WriteString("<li>")
				it.html(&b, html.EscapeString, "b")
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		}
	}
	return strings.ReplaceAll(b.String(), "</ul><br><br>", "</ul>")
}

// telegramHTML writes text for parse_mode=HTML: no <br> or lists, so lines
// are newlines and items start with "• ".
func (d *doc) telegramHTML() string {
	var b strings.Builder
	b.WriteString("<b>")
	b.WriteString(telegramEscape.Replace(d.title))
	b.WriteString("</b>\n")
	for i, bl := range d.blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(bl.head) > 0 {
			bl.head.html(&b, telegramEscape.Replace, "code")
			b.WriteByte('\n')
		}
		for _, it := range bl.items {
			b.WriteString("• ")
			it.html(&b, telegramEscape.Replace, "code")
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// webHTML writes the warning's body for a web page (the owner page),
// without its title: paragraphs, lists, <strong>, <code>, and links from
// the locale files only, which open without telling the site where from.
func (d *doc) webHTML() string {
	var b strings.Builder
	for _, bl := range d.blocks {
		if len(bl.head) > 0 {
			b.WriteString("<p>")
			bl.head.web(&b)
			b.WriteString("</p>\n")
		}
		if len(bl.items) > 0 {
			b.WriteString("<ul>\n")
			for _, it := range bl.items {
				b.WriteString("<li>")
				it.web(&b)
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		}
	}
	return b.String()
}

func (l line) web(b *strings.Builder) {
	for _, s := range l {
		pre, post := "", ""
		switch {
		case s.code:
			pre, post = "<code>", "</code>"
		case s.bold:
			pre, post = "<strong>", "</strong>"
		}
		b.WriteString(pre)
		if s.href != "" {
			b.WriteString(`<a rel="noreferrer noopener" href="`)
			b.WriteString(html.EscapeString(s.href))
			b.WriteString(`">`)
			b.WriteString(html.EscapeString(s.text))
			b.WriteString("</a>")
		} else {
			b.WriteString(html.EscapeString(s.text))
		}
		b.WriteString(post)
	}
}
