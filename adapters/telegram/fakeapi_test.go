package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI is a local Bot API server: it speaks the protocol as the Bot API
// documentation shows it (POST /bot<token>/<method>, multipart, JSON or
// urlencoded parameters, {"ok":...} envelopes, getUpdates long polling
// with offsets) and records every call the bot makes. It answers only the
// calls on its allow-list (see disallowed); any other call fails the test.
type fakeAPI struct {
	t     testing.TB
	srv   *httptest.Server
	token string

	mu       sync.Mutex
	calls    []apiCall
	updates  []queued // not yet confirmed
	nextID   int64
	wake     chan struct{}
	conns    map[string]any // business connection id -> BusinessConnection
	failures []failure      // answers to the next getUpdates calls
	connFail []failure      // answers to the next getBusinessConnection calls
	tokenOK  bool
	msgID    int
	history  map[int64]json.RawMessage
	sentHook func(apiCall) // called for each sendMessage, outside the lock
	// owners are the users whose private chat with the bot sendMessage
	// may write to (a private chat's id is its user's id).
	owners     map[int64]bool
	violations []string
}

type apiCall struct {
	Method string
	Params map[string]string
	At     time.Time
}

type queued struct {
	id  int64
	raw json.RawMessage
}

type failure struct {
	status int
	body   string // "" closes the connection without an answer
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t, token: "123456:TEST-token_abc", nextID: 700000, wake: make(chan struct{}), conns: map[string]any{}, tokenOK: true,
		history: map[int64]json.RawMessage{}, owners: map[int64]bool{ownerUID: true}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) URL() string { return f.srv.URL }

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/bot")
	token, method, ok := strings.Cut(path, "/")
	if !ok || r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeEnvelope(w, 404, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	params, err := parseParams(r)
	if err != nil {
		writeEnvelope(w, 400, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + err.Error()})
		return
	}
	f.mu.Lock()
	call := apiCall{Method: method, Params: params, At: time.Now()}
	f.calls = append(f.calls, call)
	tokenOK := f.tokenOK && token == f.token
	bad := f.disallowed(method, params)
	if bad != "" {
		f.violations = append(f.violations, bad)
	}
	f.mu.Unlock()
	if bad != "" {
		f.t.Errorf("fake Bot API: %s", bad)
		writeEnvelope(w, 400, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: refused by the test's allow-list"})
		return
	}
	if !tokenOK {
		writeEnvelope(w, 401, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	// Method names are case-insensitive in the Bot API.
	switch strings.ToLower(method) {
	case "getme":
		id, _ := strconv.ParseInt(strings.Split(f.token, ":")[0], 10, 64)
		ok200(w, map[string]any{"id": id, "is_bot": true, "first_name": "SilentGuard", "username": "silentguard_test_bot",
			"can_join_groups": false, "can_read_all_group_messages": false, "supports_inline_queries": false,
			"can_connect_to_business": true})
	case "getupdates":
		f.getUpdates(w, r, params)
	case "deletewebhook", "setwebhook":
		ok200(w, true)
	case "getbusinessconnection":
		f.mu.Lock()
		if len(f.connFail) > 0 {
			fl := f.connFail[0]
			f.connFail = f.connFail[1:]
			f.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(fl.status)
			_, _ = w.Write([]byte(fl.body))
			return
		}
		bc, ok := f.conns[params["business_connection_id"]]
		f.mu.Unlock()
		if !ok {
			writeEnvelope(w, 400, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: BUSINESS_CONNECTION_INVALID"})
			return
		}
		ok200(w, bc)
	case "sendmessage":
		chatID, _ := strconv.ParseInt(params["chat_id"], 10, 64)
		f.mu.Lock()
		f.msgID++
		id := f.msgID
		hook := f.sentHook
		f.mu.Unlock()
		if hook != nil {
			hook(call)
		}
		ok200(w, map[string]any{"message_id": id, "date": time.Now().Unix(),
			"from": map[string]any{"id": 123456, "is_bot": true, "first_name": "SilentGuard"},
			"chat": map[string]any{"id": chatID, "type": "private"},
			"text": params["text"]})
	}
}

// allowedMethods are the Bot API methods SilentGuard may call, lower-cased
// (method names are case-insensitive in the Bot API). None acts toward a
// sender; sendMessage is allowed only as disallowed checks it.
var allowedMethods = map[string]bool{"getme": true, "getupdates": true, "setwebhook": true, "deletewebhook": true,
	"getbusinessconnection": true, "sendmessage": true}

// disallowed tells why a call breaks the never-act rules, or "": a method
// off the allow-list, a business_connection_id on anything but
// getBusinessConnection (it would act as the owner), or a sendMessage to a
// chat that is not an owner's private chat with the bot. The caller holds
// f.mu.
func (f *fakeAPI) disallowed(method string, params map[string]string) string {
	m := strings.ToLower(method)
	if !allowedMethods[m] {
		return "called " + method + ", which is not on the allow-list"
	}
	if _, ok := params["business_connection_id"]; ok && m != "getbusinessconnection" {
		return method + " carries a business_connection_id: it would act as the owner"
	}
	if m == "sendmessage" {
		chat, err := strconv.ParseInt(params["chat_id"], 10, 64)
		if err != nil || !f.owners[chat] {
			return "sendMessage to chat " + strconv.Quote(params["chat_id"]) + ", not an owner's chat with the bot"
		}
	}
	return ""
}

// addOwner lets sendMessage write to another owner's chat with the bot.
func (f *fakeAPI) addOwner(uid int64) {
	f.mu.Lock()
	f.owners[uid] = true
	f.mu.Unlock()
}

// Violations lists the calls the allow-list refused.
func (f *fakeAPI) Violations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.violations...)
}

func parseParams(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		out[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			if errors.Is(err, io.EOF) || strings.Contains(err.Error(), "NextPart: EOF") {
				return out, nil // a call without parameters sends an empty body
			}
			return nil, err
		}
		for k, v := range r.MultipartForm.Value {
			out[k] = v[0]
		}
		for k := range r.MultipartForm.File {
			out[k] = "(file)"
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[k] = s
			} else {
				out[k] = string(v)
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.PostForm {
			out[k] = v[0]
		}
	}
	return out, nil
}

func writeEnvelope(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func ok200(w http.ResponseWriter, result any) {
	writeEnvelope(w, 200, map[string]any{"ok": true, "result": result})
}

// getUpdates: an offset confirms (drops) every update before it; the call
// waits up to timeout seconds for one.
func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request, params map[string]string) {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	timeout, _ := strconv.Atoi(params["timeout"])
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		f.mu.Lock()
		if len(f.failures) > 0 {
			fl := f.failures[0]
			f.failures = f.failures[1:]
			f.mu.Unlock()
			if fl.body == "" {
				hj, ok := w.(http.Hijacker)
				if ok {
					c, _, _ := hj.Hijack()
					c.Close()
					return
				}
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(fl.status)
			_, _ = w.Write([]byte(fl.body))
			return
		}
		if offset > 0 {
			kept := f.updates[:0]
			for _, u := range f.updates {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			f.updates = kept
		}
		var out []json.RawMessage
		for _, u := range f.updates {
			if u.id >= offset && len(out) < 100 {
				out = append(out, u.raw)
			}
		}
		wake := f.wake
		f.mu.Unlock()
		if len(out) > 0 {
			ok200(w, out)
			return
		}
		select {
		case <-wake:
		case <-deadline:
			ok200(w, []json.RawMessage{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

// push queues an update of one kind ("business_message"...) with obj as
// its body, and returns its update_id.
func (f *fakeAPI) push(kind string, obj any) int64 {
	b, err := json.Marshal(obj)
	if err != nil {
		f.t.Fatal(err)
	}
	f.mu.Lock()
	f.nextID++
	id := f.nextID
	f.mu.Unlock()
	return f.pushRaw(id, fmt.Sprintf(`{"update_id":%d,%q:%s}`, id, kind, b))
}

// pushRaw queues raw JSON as the update with the given id.
func (f *fakeAPI) pushRaw(id int64, raw string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id > f.nextID {
		f.nextID = id
	}
	f.updates = append(f.updates, queued{id: id, raw: json.RawMessage(raw)})
	f.history[id] = json.RawMessage(raw)
	close(f.wake)
	f.wake = make(chan struct{})
	return id
}

func (f *fakeAPI) newID() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	return f.nextID
}

func (f *fakeAPI) failNext(fl ...failure) {
	f.mu.Lock()
	f.failures = append(f.failures, fl...)
	f.mu.Unlock()
}

// failConn makes the next getBusinessConnection calls answer fl.
func (f *fakeAPI) failConn(fl ...failure) {
	f.mu.Lock()
	f.connFail = append(f.connFail, fl...)
	f.mu.Unlock()
}

func (f *fakeAPI) setTokenOK(ok bool) {
	f.mu.Lock()
	f.tokenOK = ok
	f.mu.Unlock()
}

func (f *fakeAPI) addConn(id string, bc any) {
	f.mu.Lock()
	f.conns[id] = bc
	f.mu.Unlock()
}

func (f *fakeAPI) Calls() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.calls...)
}

// sent lists the texts sent with sendMessage to a chat.
func (f *fakeAPI) sent(chat int64) []apiCall {
	var out []apiCall
	for _, c := range f.Calls() {
		if c.Method == "sendMessage" && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			out = append(out, c)
		}
	}
	return out
}

// Payloads shaped as the Bot API documentation shows them.

func user(id int64, first, last, username string) map[string]any {
	u := map[string]any{"id": id, "is_bot": false, "first_name": first}
	if last != "" {
		u["last_name"] = last
	}
	if username != "" {
		u["username"] = username
	}
	return u
}

func privateChat(u map[string]any) map[string]any {
	c := map[string]any{"id": u["id"], "type": "private", "first_name": u["first_name"]}
	for _, k := range []string{"last_name", "username"} {
		if v, ok := u[k]; ok {
			c[k] = v
		}
	}
	return c
}

func businessConnection(id string, owner map[string]any, enabled bool) map[string]any {
	return map[string]any{
		"id": id, "user": owner, "user_chat_id": owner["id"], "date": time.Now().Unix(),
		"rights":     map[string]any{"can_view_gifts_and_stars": false},
		"is_enabled": enabled,
	}
}

// businessMessage is a message of a business chat with partner; from is
// who wrote it (the partner or the owner).
func businessMessage(connID string, msgID int, from, partner map[string]any, at time.Time, body map[string]any) map[string]any {
	m := map[string]any{
		"message_id": msgID, "from": from, "chat": privateChat(partner), "date": at.Unix(),
		"business_connection_id": connID,
	}
	for k, v := range body {
		m[k] = v
	}
	return m
}

func text(s string) map[string]any { return map[string]any{"text": s} }

// redeliver queues earlier updates again, as Telegram does for updates no
// getUpdates call confirmed (the bot crashed before asking again).
func (f *fakeAPI) redeliver(ids ...int64) {
	for _, id := range ids {
		f.mu.Lock()
		raw := f.history[id]
		f.mu.Unlock()
		f.pushRaw(id, string(raw))
	}
}

// assertNeverActs checks the never-act rules on every call recorded: the
// fake's allow-list refused none, and no call targets a sender's chat.
func assertNeverActs(t *testing.T, api *fakeAPI, senders ...int64) {
	t.Helper()
	for _, v := range api.Violations() {
		t.Errorf("the bot broke the never-act rules: %s", v)
	}
	for _, c := range api.Calls() {
		for _, s := range senders {
			id := strconv.FormatInt(s, 10)
			for _, k := range []string{"chat_id", "user_id", "from_chat_id"} {
				if c.Params[k] == id {
					t.Errorf("%s targets the sender's chat (%s=%s)", c.Method, k, id)
				}
			}
		}
	}
}
