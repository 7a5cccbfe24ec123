package telegram

import (
	"strings"

	"github.com/silentguard/silentguard/bot/warntext"
)

// telegramStyle writes spans for parse_mode=HTML, escaping exactly what
// the Bot API asks for.
var telegramStyle = warntext.HTMLStyle{
	Escape: strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace,
	Strong: "b", Code: "code",
}

// telegramHTML writes text for parse_mode=HTML: no <br> or lists, so lines
// are newlines and items start with "• ".
func telegramHTML(d warntext.Doc) string {
	var b strings.Builder
	b.WriteString("<b>")
	b.WriteString(telegramStyle.Escape(d.Title))
	b.WriteString("</b>\n")
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(bl.Head) > 0 {
			b.WriteString(bl.Head.HTML(telegramStyle))
			b.WriteByte('\n')
		}
		for _, it := range bl.Items {
			b.WriteString("• ")
			b.WriteString(it.HTML(telegramStyle))
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
