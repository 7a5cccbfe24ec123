// Package appservice is the Matrix appservice mode: a homeserver admin
// registers SilentGuard once, and every local user who opts in (by writing
// !protect to its bot) is protected, with no password and no device of
// theirs.
//
// The homeserver pushes the events of its users' rooms in transactions.
// Events in rooms of users who did not opt in are dropped unread: only
// their room ID, type and state key are looked at, to find out whether a
// protected user is in the room. The rest goes through the per-owner
// mode's conversion and watch decision (package matrix) into the core,
// before the homeserver gets its 200.
//
// It never acts toward a sender: the bot writes only to its DM with a
// protected user (role.Bot checks the room before every send), and reads
// as a protected user (GET only) to learn a room's state.
package appservice

// Options configure the appservice mode (internal/app reads them from
// [matrix.appservice]).
type Options struct {
	// ID, Address (where the homeserver reaches SilentGuard), BotLocalpart
	// and UsersRegex go into the registration.
	ID, Address, BotLocalpart, UsersRegex string
	// Homeserver is its client URL; ServerName the part after ":" in
	// its user IDs.
	Homeserver, ServerName string
	// Listen is where the transactions are received.
	Listen string
	// ASToken authenticates SilentGuard to the homeserver; HSToken the
	// homeserver to SilentGuard.
	ASToken, HSToken string
	// Users are protected from the start.
	Users []string
	// Country and Languages are a new user's defaults.
	Country   string
	Languages []string
}
