package ownerpage

import (
	"html"
	"strings"

	"github.com/silentguard/silentguard/bot/warntext"
)

// webStyle writes spans for the page; links open without telling the
// site where from.
var webStyle = warntext.HTMLStyle{Escape: html.EscapeString, Strong: "strong", Code: "code", LinkAttrs: `rel="noreferrer noopener" `}

// webHTML writes a warning's body for the page, without its title (the
// page's heading): paragraphs, lists, <strong>, <code>, and links from
// the locale files only.
func webHTML(d warntext.Doc) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		if len(bl.Head) > 0 {
			b.WriteString("<p>" + bl.Head.HTML(webStyle) + "</p>\n")
		}
		if len(bl.Items) > 0 {
			b.WriteString("<ul>\n")
			for _, it := range bl.Items {
				b.WriteString("<li>" + it.HTML(webStyle) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		}
	}
	return b.String()
}
