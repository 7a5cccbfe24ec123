package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

const conversationColumns = `id, owner, platform, conv_key, sender_id, sender_phone, sender_name, network, bridged,
	first_seen, last_seen, state, turns, level, warnings, purged, stored_at, version`

const warningColumns = `id, ref, owner, COALESCE(conv_id, 0), platform, sender, level, kind, escalation, score, reasons, notice, created_at`

const deliveryColumns = `d.warning_id, w.ref, d.target, d.attempts, d.next_try, d.last_error`

// purgeTime is the SQL time a conversation's retention runs from: when it
// was stored (the engine never records a first_seen later than that). Rows
// stored before stored_at existed go by first_seen.
const purgeTime = `COALESCE(NULLIF(stored_at, 0), first_seen)`

// purgeable holds for a conversation whose text is still stored and no
// warning of which waits to be delivered (it quotes the text).
const purgeable = `NOT purged AND NOT EXISTS (SELECT 1 FROM warning w JOIN delivery d ON d.warning_id = w.id
	WHERE w.conv_id = c.id AND d.state = 'pending')`

// Queries, prepared once when the store opens.
const (
	qConversation      = `SELECT ` + conversationColumns + ` FROM conversation WHERE owner=$1 AND platform=$2 AND conv_key=$3`
	qConversationByID  = `SELECT ` + conversationColumns + ` FROM conversation WHERE id=$1`
	qConversationIsSet = `SELECT COUNT(*) FROM conversation WHERE id=$1`
	qCountByState      = `SELECT state, COUNT(*) FROM conversation WHERE owner=$1 GROUP BY state`
	qInsertConv        = `INSERT INTO conversation (owner, platform, conv_key, sender_id, sender_phone,
		sender_name, network, bridged, first_seen, last_seen, state, turns, level, warnings, stored_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`
	qUpdateConv = `UPDATE conversation SET sender_id=$2, sender_phone=$3, sender_name=$4, network=$5,
		bridged=$6, last_seen=$7, state=$8, turns=$9, level=$10, warnings=$11, version=version+1 WHERE id=$1 AND version=$12`
	qMarkEvent  = `INSERT INTO seen_event (conv_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	qTurns      = `SELECT seq, event_id, from_owner, COALESCE(text, ''), media, at, redacted FROM turn WHERE conv_id=$1 ORDER BY seq`
	qAddTurn    = `INSERT INTO turn (conv_id, seq, event_id, from_owner, text, media, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	qEditTurn   = `UPDATE turn SET text=$3, media=CASE WHEN $4='' THEN media ELSE $4 END WHERE conv_id=$1 AND event_id=$2 AND NOT redacted`
	qRedactTurn = `UPDATE turn SET redacted=true, text=NULL WHERE conv_id=$1 AND event_id=$2`

	qAddWarning = `INSERT INTO warning (id, ref, owner, conv_id, platform, sender, level, kind, escalation,
		score, reasons, notice, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
	qAddDelivery     = `INSERT INTO delivery (warning_id, target, state, created_at) VALUES ($1, $2, 'pending', $3)`
	qWarning         = `SELECT ` + warningColumns + ` FROM warning WHERE id=$1`
	qWarningByRef    = `SELECT ` + warningColumns + ` FROM warning WHERE owner=$1 AND ref=$2`
	qRecentWarnings  = `SELECT ` + warningColumns + ` FROM warning WHERE owner=$1 ORDER BY created_at DESC LIMIT $2`
	qPending         = `SELECT ` + deliveryColumns + ` FROM delivery d JOIN warning w ON w.id = d.warning_id WHERE d.state='pending' ORDER BY w.created_at`
	qDue             = `SELECT warning_id, '', target, attempts, next_try, last_error FROM delivery WHERE state='pending' AND target=$1 AND next_try <= $2 ORDER BY next_try, created_at LIMIT $3`
	qNextTry         = `SELECT MIN(next_try) FROM delivery WHERE state='pending' AND target=$1`
	qFailed          = `SELECT ` + deliveryColumns + ` FROM delivery d JOIN warning w ON w.id = d.warning_id WHERE d.state='failed' AND w.owner=$1 AND w.notice='' ORDER BY w.created_at DESC LIMIT $2`
	qMarkUndelivered = `UPDATE delivery SET state='failed', attempts=attempts+1, last_error=$3, next_try=$4 WHERE warning_id=$1 AND target=$2 AND state='pending'`
	qMarkSent        = `UPDATE delivery SET state='sent', sent_at=$3, attempts=attempts+1, last_error='' WHERE warning_id=$1 AND target=$2`
	qMarkFailed      = `UPDATE delivery SET attempts=attempts+1, last_error=$3, next_try=$4 WHERE warning_id=$1 AND target=$2 AND state='pending'`

	// An allow with platform '' holds on every platform, by ID or number.
	qAllowed    = `SELECT COUNT(*) FROM allowed_sender WHERE owner=$1 AND platform IN ($2, '') AND sender_id=$3`
	qAnyAllowed = `SELECT COUNT(*) FROM (SELECT 1 FROM allowed_sender WHERE owner=$1 LIMIT 1) AS x`
	qAllow      = `INSERT INTO allowed_sender (owner, platform, sender_id, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`
	qAllowConvs = `UPDATE conversation SET state='known', version=version+1 WHERE owner=$1 AND state='watching'
		AND (platform=$2 AND sender_id=$3 OR $2='' AND (sender_id=$3 OR sender_phone=$3))`
	qAddFeedback = `INSERT INTO feedback (owner, warning_id, kind, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`
	qFeedbacks   = `SELECT kind, at FROM feedback WHERE owner=$1 AND warning_id=$2 ORDER BY at, kind`

	qCursor       = `SELECT value FROM cursor WHERE owner=$1 AND adapter=$2 AND name=$3`
	qSetCursor    = `INSERT INTO cursor (owner, adapter, name, value) VALUES ($1, $2, $3, $4) ON CONFLICT (owner, adapter, name) DO UPDATE SET value=excluded.value`
	qDeleteCursor = `DELETE FROM cursor WHERE owner=$1 AND adapter=$2 AND name=$3`
	qCursorPrefix = `SELECT name, value FROM cursor WHERE owner=$1 AND adapter=$2 AND substr(name, 1, length($3))=$3`

	qNextPurge       = `SELECT MIN(` + purgeTime + `) FROM conversation c WHERE ` + purgeable
	qPurgeCandidates = `SELECT id FROM conversation c WHERE ` + purgeTime + ` < $1 AND ` + purgeable + ` LIMIT $2`
	qPurgeTurns      = `UPDATE turn SET text=NULL WHERE conv_id=$1`
	qPurgeConv       = `UPDATE conversation SET purged=true, version=version+1 WHERE id=$1`
	qConvWarnings    = `SELECT id, reasons FROM warning WHERE conv_id=$1`
	qStripWarning    = `UPDATE warning SET reasons=$2, sender='{}' WHERE id=$1`

	qSavepoint  = `SAVEPOINT request`
	qRollbackTo = `ROLLBACK TO request`
	qRelease    = `RELEASE request`
)

// statements are the store's queries, prepared once on the pool: each
// connection (the writer's and the readers') prepares a statement the
// first time it runs it, then keeps it.
type statements struct {
	conversation, conversationByID, conversationIsSet, countByState, insertConv, updateConv *sql.Stmt
	markEvent, turns, addTurn, editTurn, redactTurn                                         *sql.Stmt
	addWarning, addDelivery, warning, warningByRef, recentWarnings                          *sql.Stmt
	pending, due, nextTry, failed, markUndelivered, markSent, markFailed                    *sql.Stmt
	allowed, anyAllowed, allow, allowConvs, addFeedback, feedbacks                          *sql.Stmt
	cursor, setCursor, deleteCursor, cursorPrefix                                           *sql.Stmt
	nextPurge, purgeCandidates, purgeTurns, purgeConv, convWarnings, stripWarning           *sql.Stmt
	savepoint, rollbackTo, release                                                          *sql.Stmt
	all                                                                                     []*sql.Stmt
}

// prepare prepares every query, written in the dialect by q.
func (st *statements) prepare(ctx context.Context, db *sql.DB, inDialect func(string) string) error {
	for _, q := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&st.conversation, qConversation}, {&st.conversationByID, qConversationByID},
		{&st.conversationIsSet, qConversationIsSet}, {&st.countByState, qCountByState},
		{&st.insertConv, qInsertConv}, {&st.updateConv, qUpdateConv}, {&st.markEvent, qMarkEvent},
		{&st.turns, qTurns}, {&st.addTurn, qAddTurn}, {&st.editTurn, qEditTurn}, {&st.redactTurn, qRedactTurn},
		{&st.addWarning, qAddWarning}, {&st.addDelivery, qAddDelivery}, {&st.warning, qWarning},
		{&st.warningByRef, qWarningByRef}, {&st.recentWarnings, qRecentWarnings}, {&st.pending, qPending},
		{&st.due, qDue}, {&st.nextTry, qNextTry}, {&st.failed, qFailed}, {&st.markUndelivered, qMarkUndelivered},
		{&st.markSent, qMarkSent}, {&st.markFailed, qMarkFailed}, {&st.allowed, qAllowed}, {&st.anyAllowed, qAnyAllowed}, {&st.allow, qAllow},
		{&st.allowConvs, qAllowConvs}, {&st.addFeedback, qAddFeedback}, {&st.feedbacks, qFeedbacks}, {&st.cursor, qCursor},
		{&st.setCursor, qSetCursor}, {&st.deleteCursor, qDeleteCursor}, {&st.cursorPrefix, qCursorPrefix},
		{&st.nextPurge, qNextPurge}, {&st.purgeCandidates, qPurgeCandidates}, {&st.purgeTurns, qPurgeTurns},
		{&st.purgeConv, qPurgeConv}, {&st.convWarnings, qConvWarnings}, {&st.stripWarning, qStripWarning},
		{&st.savepoint, qSavepoint}, {&st.rollbackTo, qRollbackTo}, {&st.release, qRelease},
	} {
		s, err := db.PrepareContext(ctx, inDialect(q.query))
		if err != nil {
			st.close()
			return fmt.Errorf("prepare %q: %w", strings.Fields(q.query)[0], err)
		}
		*q.stmt = s
		st.all = append(st.all, s)
	}
	return nil
}

func (st *statements) close() {
	for _, s := range st.all {
		s.Close()
	}
	st.all = nil
}

// sqliteParams writes PostgreSQL's $1 placeholders as SQLite's ?1 (as
// dbutil does for its own queries).
func sqliteParams(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	for i := 0; i < len(q); i++ {
		if q[i] == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
			b.WriteByte('?')
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
