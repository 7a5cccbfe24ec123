package warntext

import (
	"html"
	"strings"
)

// Doc is a text for the owner, neutral: a title, then paragraphs and
// bulleted lists whose spans mark emphasis, commands, links and the
// sender's words. Each notifier writes it in its own markup (Plain is the
// plain text every one of them can use). A writer escapes every span for
// its markup and links only Href: text from the sender is never a link,
// and only links written in the locale files (official sites) have one.
type Doc struct {
	// Title is plain text: a push title, an e-mail subject, a bold line.
	Title  string
	Blocks []Block
	// Brief marks a short service message (a notice), which a writer that
	// sets a blank line under a warning's title leaves without one.
	Brief bool
}

// Block is a paragraph, or the heading of a list and its items.
type Block struct {
	Head  Line
	Items []Line
}

// Line is a run of spans: one paragraph or list item.
type Line []Span

// Span is text of one kind.
type Span struct {
	Text string
	// Href is a link from the locale files (an official site); "" for all
	// other text.
	Href string
	// Strong is emphasis; Code a command the owner can copy (never also
	// emphasised: Telegram lets no entity contain code).
	Strong, Code bool
	// Quote marks the sender's own words (cleaned and defanged already):
	// a writer may set them apart, and must not make them a link.
	Quote bool
}

// fill expands t, asking arg for each placeholder. It reports false when a
// placeholder has no value, so that the caller can try a simpler template.
func fill(t *tmpl, arg func(name string) (value, bool)) (Line, bool) {
	if t == nil {
		return nil, false
	}
	out := make(Line, 0, len(t.segs))
	bold := false
	for _, s := range t.segs {
		switch s.kind {
		case segBold:
			bold = !bold
		case segText:
			out = append(out, Span{Text: s.text, Strong: bold})
		case segLink:
			out = append(out, Span{Text: s.text, Href: hrefFor(s.text), Strong: bold})
		case segArg:
			v, ok := arg(s.text)
			if !ok || v.text == "" {
				return nil, false
			}
			out = append(out, Span{Text: v.text, Strong: bold && !v.code, Code: v.code, Quote: v.quote})
		}
	}
	return out, true
}

// value fills a placeholder. Its text is never parsed for markup or links.
type value struct {
	text  string
	code  bool
	quote bool // the sender's words
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

// Plain is the line's text.
func (l Line) Plain() string {
	var b strings.Builder
	l.plain(&b)
	return b.String()
}

func (l Line) plain(b *strings.Builder) {
	for _, s := range l {
		b.WriteString(s.Text)
	}
}

// Plain writes the document as plain text: the title on the first line,
// a blank line between blocks, "• " before each item.
func (d Doc) Plain() string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteByte('\n')
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(bl.Head) > 0 {
			bl.Head.plain(&b)
			b.WriteByte('\n')
		}
		for _, it := range bl.Items {
			b.WriteString("• ")
			it.plain(&b)
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// HTMLStyle is how a notifier writes spans in its HTML.
type HTMLStyle struct {
	// Escape escapes text for the markup (html.EscapeString, or Telegram's
	// three entities).
	Escape func(string) string
	// Strong and Code are the tags of emphasis and of commands ("b",
	// "code").
	Strong, Code string
	// LinkAttrs go before href in a link (`rel="noreferrer" `).
	LinkAttrs string
}

// HTML writes the line's spans in st: every text escaped, and a link for
// Href only, so that whatever the sender wrote never becomes markup or a
// link in any notifier.
func (l Line) HTML(st HTMLStyle) string {
	var b strings.Builder
	for _, s := range l {
		pre, post := "", ""
		switch {
		case s.Code:
			pre, post = "<"+st.Code+">", "</"+st.Code+">"
		case s.Strong:
			pre, post = "<"+st.Strong+">", "</"+st.Strong+">"
		}
		b.WriteString(pre)
		if s.Href != "" {
			b.WriteString("<a " + st.LinkAttrs + `href="`)
			b.WriteString(html.EscapeString(s.Href))
			b.WriteString(`">`)
			b.WriteString(st.Escape(s.Text))
			b.WriteString("</a>")
		} else {
			b.WriteString(st.Escape(s.Text))
		}
		b.WriteString(post)
	}
	return b.String()
}
