package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/bot/sqlstore"
)

// ErrTargetNotEmpty refuses a migration into a database that holds rows.
var ErrTargetNotEmpty = errors.New("the target database is not empty")

// TableCount is how many rows of one table a migration copied.
type TableCount struct {
	Table string
	Rows  int
}

// Migrate copies a SQLite database into an empty PostgreSQL one: every
// table of SilentGuard's and every table the Matrix devices keep there
// (room state, encryption keys), in one transaction on the target, which
// commits only once each table counts the rows of the source. The source
// is locked as the daemon locks it (it must not be running) and opened as
// the daemon opens it, which brings an older schema up to this version's
// (the upgrades a start would run, written to the file); then it is only
// read, in one read-only transaction. The target is refused unless every
// table in its schema is empty, but dbutil's records of versions and owner.
func Migrate(ctx context.Context, from, toURI string, log zerolog.Logger) ([]TableCount, error) {
	ctx = log.WithContext(ctx)
	lock, err := lockDatabase(from)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	src, err := sqlstore.OpenSQLite(ctx, from)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := sqlstore.OpenPostgres(ctx, toURI, sqlstore.PoolOptions{MaxOpenConns: 2})
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	tables, err := sqliteTables(ctx, src.DB().RawDB)
	if err != nil {
		return nil, fmt.Errorf("migrate: list the source's tables: %w", err)
	}
	if slices.ContainsFunc(tables, func(t string) bool { return t == "mx_version" || t == "crypto_version" }) {
		if err := matrix.PrepareDatabase(ctx, dst.DB()); err != nil {
			return nil, fmt.Errorf("migrate: create the Matrix tables in the target: %w", err)
		}
	}
	m := &migration{src: src.DB().RawDB, dst: dst.DB().RawDB}
	if err := m.plan(ctx, tables); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	tx, err := m.dst.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate: begin: %w", err)
	}
	defer tx.Rollback()
	// Nothing else may write the target meanwhile (a daemon started on it
	// too early): the emptiness checked here stays true until the commit.
	targetTables, err := m.targetTables(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("migrate: list the target's tables: %w", err)
	}
	for _, t := range targetTables {
		if _, err := tx.ExecContext(ctx, "LOCK TABLE "+quoteIdent(t)+" IN EXCLUSIVE MODE"); err != nil {
			return nil, fmt.Errorf("migrate: lock %s: %w", t, err)
		}
	}
	for _, t := range targetTables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("migrate: count %s in the target: %w", t, err)
		}
		if n > 0 {
			key, err := m.firstKey(ctx, tx, t)
			if err != nil {
				return nil, fmt.Errorf("migrate: %w: table %s has %d rows; give an empty database (createdb)", ErrTargetNotEmpty, t, n)
			}
			return nil, fmt.Errorf("migrate: %w: table %s has %d rows, the first %s; give an empty database (createdb)", ErrTargetNotEmpty, t, n, key)
		}
	}
	// The source is read in one transaction: one consistent state.
	stx, err := m.src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("migrate: read the source: %w", err)
	}
	defer stx.Rollback()
	var counts []TableCount
	for _, t := range m.order {
		n, err := m.copyTable(ctx, stx, tx, t)
		if err != nil {
			return nil, fmt.Errorf("migrate: copy %s: %w", t, err)
		}
		var want, got int
		if err := stx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&want); err != nil {
			return nil, fmt.Errorf("migrate: count %s: %w", t, err)
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&got); err != nil {
			return nil, fmt.Errorf("migrate: count %s in the target: %w", t, err)
		}
		if n != want || got != want {
			return nil, fmt.Errorf("migrate: %s: the source has %d rows, %d were copied, the target counts %d", t, want, n, got)
		}
		counts = append(counts, TableCount{t, n})
	}
	if err := m.advanceSequences(ctx, tx); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("migrate: commit: %w", err)
	}
	return counts, nil
}

type migration struct {
	src, dst *sql.DB
	order    []string                     // the tables to copy, referenced ones first
	types    map[string]map[string]string // the target's column types by table
}

// versionTables are dbutil's records of schema versions: not copied, but
// the same on both sides (the target was just brought up to date by this
// binary; an older source would have been upgraded when it was opened).
func isVersionTable(t string) bool { return strings.HasSuffix(t, "_version") }

// targetTables lists every table of the target's schema but dbutil's
// records of versions and owner: SilentGuard's, the Matrix devices', and
// any other program's, which a migration must not mix with.
func (m *migration) targetTables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if !isVersionTable(t) && t != "database_owner" {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// keyColumns are table t's primary key's columns in the target, in order;
// without a primary key, all its columns.
func (m *migration) keyColumns(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, t string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`, quoteIdent(t))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		for c := range m.types[t] {
			cols = append(cols, c)
		}
		slices.Sort(cols)
	}
	return cols, nil
}

// firstKey names a row of table t in the target by its key: (col=value, ...).
func (m *migration) firstKey(ctx context.Context, tx *sql.Tx, t string) (string, error) {
	cols, err := m.keyColumns(ctx, tx, t)
	if err != nil {
		return "", err
	}
	if len(cols) == 0 {
		return "", errors.New("no columns")
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c) + "::text"
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := tx.QueryRowContext(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+quoteIdent(t)+" LIMIT 1").Scan(ptrs...); err != nil {
		return "", err
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		v := "NULL"
		if vals[i].Valid {
			v = fmt.Sprintf("%q", vals[i].String)
		}
		parts[i] = c + "=" + v
	}
	return "(" + strings.Join(parts, ", ") + ")", nil
}

func sqliteTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// plan checks that the target has every table of the source at the same
// versions, and orders the tables so that a row's references are copied
// before it.
func (m *migration) plan(ctx context.Context, tables []string) error {
	m.types = map[string]map[string]string{}
	rows, err := m.dst.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`)
	if err != nil {
		return fmt.Errorf("read the target's columns: %w", err)
	}
	for rows.Next() {
		var t, c, ty string
		if err := rows.Scan(&t, &c, &ty); err != nil {
			rows.Close()
			return err
		}
		if m.types[t] == nil {
			m.types[t] = map[string]string{}
		}
		m.types[t][c] = ty
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var copyable []string
	for _, t := range tables {
		if m.types[t] == nil {
			return fmt.Errorf("the target has no table %s (a table of a newer or unknown component)", t)
		}
		if t == "database_owner" {
			continue // dbutil's record of which program owns the database
		}
		if !isVersionTable(t) {
			copyable = append(copyable, t)
			continue
		}
		var sv, dv int
		if err := m.src.QueryRowContext(ctx, "SELECT version FROM "+quoteIdent(t)).Scan(&sv); err != nil {
			return fmt.Errorf("read %s of the source: %w", t, err)
		}
		if err := m.dst.QueryRowContext(ctx, "SELECT version FROM "+quoteIdent(t)).Scan(&dv); err != nil {
			return fmt.Errorf("read %s of the target: %w", t, err)
		}
		if sv != dv {
			return fmt.Errorf("%s: the source is at version %d, the target at %d; run this version of SilentGuard on the source once first", t, sv, dv)
		}
	}
	refs := map[string][]string{}
	rows, err = m.dst.QueryContext(ctx, `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return fmt.Errorf("read the target's references: %w", err)
	}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return err
		}
		refs[from] = append(refs[from], to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	done := map[string]bool{}
	var visit func(t string, depth int) error
	visit = func(t string, depth int) error {
		if done[t] {
			return nil
		}
		if depth > len(copyable) {
			return fmt.Errorf("tables reference each other in a cycle at %s", t)
		}
		for _, r := range refs[t] {
			if r != t && slices.Contains(copyable, r) {
				if err := visit(r, depth+1); err != nil {
					return err
				}
			}
		}
		done[t] = true
		m.order = append(m.order, t)
		return nil
	}
	for _, t := range copyable {
		if err := visit(t, 0); err != nil {
			return err
		}
	}
	return nil
}

// copyTable copies every row of table t, converting SQLite's values to
// the target column's type.
func (m *migration) copyTable(ctx context.Context, stx, tx *sql.Tx, t string) (int, error) {
	rows, err := stx.QueryContext(ctx, "SELECT * FROM "+quoteIdent(t))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	keyCols, err := m.keyColumns(ctx, tx, t)
	if err != nil {
		return 0, fmt.Errorf("read the key of %s: %w", t, err)
	}
	var keyAt []int
	for _, k := range keyCols {
		if i := slices.Index(cols, k); i >= 0 {
			keyAt = append(keyAt, i)
		}
	}
	types := make([]string, len(cols))
	quoted := make([]string, len(cols))
	params := make([]string, len(cols))
	for i, c := range cols {
		ty, ok := m.types[t][c]
		if !ok {
			return 0, fmt.Errorf("the target has no column %s", c)
		}
		types[i], quoted[i], params[i] = ty, quoteIdent(c), fmt.Sprintf("$%d", i+1)
	}
	ins, err := tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(t), strings.Join(quoted, ", "), strings.Join(params, ", ")))
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	// rowKey names the row being copied by its key: (col=value, ...).
	rowKey := func() string {
		parts := make([]string, len(keyAt))
		for j, i := range keyAt {
			v := vals[i]
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts[j] = fmt.Sprintf("%s=%q", cols[i], fmt.Sprint(v))
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("read row %d: %w", n+1, err)
		}
		key := rowKey()
		for i := range vals {
			if vals[i], err = convert(vals[i], types[i]); err != nil {
				return n, fmt.Errorf("row %s: column %s: %w", key, cols[i], err)
			}
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return n, fmt.Errorf("row %s: %w", key, err)
		}
		n++
	}
	return n, rows.Err()
}

// convert turns a value as SQLite gives it into what the PostgreSQL
// column of type ty takes: SQLite keeps booleans as integers, and text,
// blobs and times loosely.
func convert(v any, ty string) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		switch ty {
		case "boolean":
			return x != 0, nil
		case "double precision", "real":
			return float64(x), nil
		}
	case []byte:
		switch ty {
		case "bytea":
			return x, nil
		default:
			return string(x), nil
		}
	case string:
		switch ty {
		case "bytea":
			return []byte(x), nil
		case "timestamp without time zone", "timestamp with time zone":
			for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
				if t, err := time.Parse(layout, x); err == nil {
					return t, nil
				}
			}
			return nil, fmt.Errorf("%q is a time that does not parse (as %s)", x, ty)
		}
	}
	return v, nil
}

// advanceSequences moves every identity column's sequence past the
// copied IDs, so that the next insert does not take one of them.
func (m *migration) advanceSequences(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	if err != nil {
		return fmt.Errorf("find sequences: %w", err)
	}
	type col struct{ t, c string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.t, &c.c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	rows.Close()
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(%s), 0) + 1, false) FROM %s`, quoteIdent(c.c), quoteIdent(c.t))
		if _, err := tx.ExecContext(ctx, q, c.t, c.c); err != nil {
			return fmt.Errorf("advance the sequence of %s.%s: %w", c.t, c.c, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
