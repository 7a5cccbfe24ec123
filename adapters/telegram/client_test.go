package telegram

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// The invariant as a property of the types: botAPI has exactly the calls
// that cannot act toward a sender, and the adapter reaches Telegram only
// through it (no field anywhere in it holds go-telegram/bot's *Bot, which
// can call every method).
func TestBotAPIHasOnlySafeCalls(t *testing.T) {
	var got []string
	api := reflect.TypeFor[botAPI]()
	for i := range api.NumMethod() {
		got = append(got, api.Method(i).Name)
	}
	want := []string{"DeleteWebhook", "GetBusinessConnection", "GetMe", "GetUpdates", "SendToOwner", "SetWebhook"}
	if !slices.Equal(got, want) {
		t.Errorf("botAPI has %v, want exactly %v: a new call must be proven safe toward the sender, and added here and to the fake Bot API's allow-list", got, want)
	}

	bad := reflect.TypeFor[*tgbot.Bot]()
	var walk func(reflect.Type, string)
	seen := map[reflect.Type]bool{}
	walk = func(ty reflect.Type, path string) {
		if ty == bad {
			t.Errorf("%s holds a *bot.Bot: the adapter must hold only botAPI", path)
		}
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Map || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] || ty.PkgPath() != reflect.TypeFor[Adapter]().PkgPath() {
			return
		}
		seen[ty] = true
		for f := range ty.Fields() {
			walk(f.Type, path+"."+f.Name)
		}
	}
	walk(reflect.TypeFor[Adapter](), "Adapter")
	walk(reflect.TypeFor[Notifier](), "Notifier")
	if f, ok := reflect.TypeFor[Adapter]().FieldByName("api"); !ok || f.Type != api {
		t.Errorf("Adapter.api is not a botAPI")
	}
}

// SendToOwner writes only to a configured owner's chat, never with a
// business_connection_id; any other chat is refused before a call is made.
func TestSendToOwnerRefusesOtherChats(t *testing.T) {
	api := newFakeAPI(t)
	c, err := newClient(Options{Token: api.token, APIURL: api.URL(), PollTimeout: time.Second,
		Owners: map[int64]string{ownerUID: "laura"}}, &http.Client{Timeout: 10 * time.Second}, func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, chat := range []int64{partnerUID, 0, -1001234, ownerUID + 1} {
		if err := c.SendToOwner(ctx, chat, "x"); !errors.Is(err, ErrNotOwnerChat) {
			t.Errorf("send to chat %d: %v, want ErrNotOwnerChat", chat, err)
		}
	}
	if calls := api.Calls(); len(calls) != 0 {
		t.Fatalf("a refused send reached the Bot API: %+v", calls)
	}
	if err := c.SendToOwner(ctx, ownerUID, "<b>hi</b>"); err != nil {
		t.Fatal(err)
	}
	calls := api.Calls()
	if len(calls) != 1 || calls[0].Method != "sendMessage" || calls[0].Params["chat_id"] != strconv.FormatInt(ownerUID, 10) {
		t.Fatalf("calls: %+v", calls)
	}
	if _, ok := calls[0].Params["business_connection_id"]; ok {
		t.Error("sendMessage carries a business_connection_id")
	}
}
