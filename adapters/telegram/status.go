package telegram

// Unreadable lists what the bot cannot read for owner (for a status asked
// from elsewhere than the bot's chat: the command line).
func (a *Adapter) Unreadable(owner string) []string { return a.unreadable(owner) }
