package bot_test

import (
	"context"
	"maps"
	"testing"

	"github.com/silentguard/silentguard/bot"
)

// An adapter's state is its own: per adapter and owner, kept in the
// store's cursor table under the keys adapters used before the port, so
// that an upgrade finds its sync tokens and offsets.
func TestAdapterState(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	ctx := context.Background()
	st := f.engine.AdapterState("matrix", "laura")
	if v, err := st.Get(ctx, "since"); err != nil || v != "" {
		t.Fatalf("unset key = %q, %v; want \"\", nil", v, err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Set(ctx, "since", "s1"))
	must(st.Set(ctx, "pending:$a", "x"))
	must(st.Set(ctx, "pending:$b", "y"))
	must(f.engine.AdapterState("matrix", "nonna").Set(ctx, "pending:$c", "z"))
	must(f.engine.AdapterState("telegram", "laura").Set(ctx, "pending:$d", "w"))
	if v, _ := f.store.Cursor(ctx, "laura", "matrix", "since"); v != "s1" {
		t.Errorf("stored cursor = %q, want s1", v)
	}
	got, err := st.List(ctx, "pending:")
	must(err)
	if want := map[string]string{"pending:$a": "x", "pending:$b": "y"}; !maps.Equal(got, want) {
		t.Errorf("List = %v, want %v", got, want)
	}
	must(st.Delete(ctx, "pending:$a"))
	must(st.Delete(ctx, "pending:$a")) // gone already: no error
	if v, _ := st.Get(ctx, "pending:$a"); v != "" {
		t.Errorf("deleted key = %q", v)
	}

	tg := f.engine.AdapterState("telegram", "*")
	must(tg.SetInt(ctx, "offset:1", 42))
	if n, err := tg.Int(ctx, "offset:1"); err != nil || n != 42 {
		t.Errorf("Int = %d, %v; want 42", n, err)
	}
	if n, err := tg.Int(ctx, "offset:2"); err != nil || n != 0 {
		t.Errorf("unset Int = %d, %v; want 0", n, err)
	}
	type conn struct{ ID string }
	must(tg.SetJSON(ctx, "conn:7", conn{ID: "bc1"}))
	var c conn
	if found, err := tg.JSON(ctx, "conn:7", &c); !found || err != nil || c.ID != "bc1" {
		t.Errorf("JSON = %v, %v, %+v", found, err, c)
	}
	if found, err := tg.JSON(ctx, "conn:8", &c); found || err != nil {
		t.Errorf("unset JSON = %v, %v", found, err)
	}
}

// Known and Watching answer an adapter's questions without the store.
func TestCoreAnswersAdapters(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	ctx := context.Background()
	var core bot.Core = f.engine
	if ok, err := core.Known(ctx, "laura", "sms", bot.Sender{ID: "+393331234567"}); !ok || err != nil {
		t.Errorf("allow-listed sender: Known = %v, %v", ok, err)
	}
	if ok, err := core.Known(ctx, "laura", "sms", bot.Sender{ID: stranger}); ok || err != nil {
		t.Errorf("stranger: Known = %v, %v", ok, err)
	}
	if ok, _ := core.Known(ctx, "nobody", "sms", bot.Sender{ID: "+393331234567"}); ok {
		t.Error("an unknown owner knows someone")
	}
	watching, seen, err := core.Watching(ctx, "laura", "sms", stranger)
	if !watching || len(seen) != 0 || err != nil {
		t.Errorf("never stored: Watching = %v, %v, %v; want true, none", watching, seen, err)
	}
	if _, err := f.engine.Handle(ctx, msg("e1", opener, false, t0)); err != nil {
		t.Fatal(err)
	}
	if watching, seen, err = core.Watching(ctx, "laura", "sms", stranger); !watching || !seen["e1"] || err != nil {
		t.Errorf("after a message: Watching = %v, %v, %v; want true, e1", watching, seen, err)
	}
	if err := f.engine.AllowSender(ctx, "laura", stranger); err != nil {
		t.Fatal(err)
	}
	if ok, err := core.Known(ctx, "laura", "sms", bot.Sender{ID: stranger}); !ok || err != nil {
		t.Errorf("allowed sender: Known = %v, %v", ok, err)
	}
	if watching, _, _ = core.Watching(ctx, "laura", "sms", stranger); watching {
		t.Error("an allowed sender's conversation is still watched")
	}
}
