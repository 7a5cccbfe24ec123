package matrix

import (
	"html"
	"strings"

	"github.com/silentguard/silentguard/bot/warntext"
)

// matrixStyle writes spans for formatted_body: commands in bold, as
// clients show <code> poorly in notifications.
var matrixStyle = warntext.HTMLStyle{Escape: html.EscapeString, Strong: "b", Code: "b"}

// matrixHTML writes the formatted_body of an m.room.message (format
// org.matrix.custom.html), using only <b>, <br>, <ul>/<li> and <a>.
func matrixHTML(d warntext.Doc) string {
	var b strings.Builder
	b.WriteString("<b>")
	b.WriteString(html.EscapeString(d.Title))
	b.WriteString("</b>")
	for i, bl := range d.Blocks {
		if i == 0 && d.Brief {
			b.WriteString("<br>")
		} else {
			b.WriteString("<br><br>")
		}
		b.WriteString(bl.Head.HTML(matrixStyle))
		if len(bl.Items) > 0 {
			b.WriteString("<ul>")
			for _, it := range bl.Items {
				b.WriteString("<li>")
				b.WriteString(it.HTML(matrixStyle))
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		}
	}
	return strings.ReplaceAll(b.String(), "</ul><br><br>", "</ul>")
}
