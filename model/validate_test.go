package model_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// wantInvalid checks that err is an EINVALID error about field, or nil when
// field is "".
func wantInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: unexpected error %v", what, err)
		}
		return
	}
	if model.ErrorCode(err) != model.EINVALID || model.ErrorField(err) != field {
		t.Errorf("%s: got %v (code %q, field %q), want %s about %q",
			what, err, model.ErrorCode(err), model.ErrorField(err), model.EINVALID, field)
	}
}

func TestValidateUsername(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"alice", true},
		{"Alice_99", true},
		{"a.b+c-d_e@f", true},
		{"@.+-_", true},
		{"Zoë", true},
		{"Ψυχή", true},
		{"名前", true},
		{"Владимир", true},
		{"१२३", true}, // Devanagari digits are digits
		{strings.Repeat("a", 150), true},
		{strings.Repeat("é", 150), true}, // counted in runes, not bytes
		{strings.Repeat("a", 151), false},
		{strings.Repeat("é", 151), false},
		{"", false},
		{"bad name", false},
		{"bad!", false},
		{"semi;colon", false},
		{"tab\there", false},
		{"new\nline", false},
		{"emoji😀", false},
		{"slash/", false},
		{"quote'", false},
		{"esc\x1b[31m", false},
	}
	for _, c := range cases {
		err := model.ValidateUsername(c.name)
		field := "username"
		if c.ok {
			field = ""
		}
		wantInvalid(t, "ValidateUsername("+truncate(c.name)+")", err, field)
	}
}

// TestValidateEmail holds the cases where numeneon must answer as Django
// 5.2's EmailValidator does (plus the column's 254 characters).
func TestValidateEmail(t *testing.T) {
	label := strings.Repeat("b", 63)
	long := strings.Repeat("a", 64) + "@" + label + "." + label + "." + strings.Repeat("c", 57) + ".com" // 254
	cases := []struct {
		email string
		ok    bool
	}{
		{"a@example.com", true},
		{"first.last+tag@sub.example.org", true},
		{"o'hara!#$%&*/=?^_`{|}~@example.com", true},
		{`"john@doe"@example.com`, true},    // a quoted local part
		{`"john doe"@example.com`, false},   // a space, even quoted
		{`"a\"b"@example.com`, true},        // with an escaped quote
		{"zoe@exämple.com", true},           // an IDN domain, checked as punycode
		{"zoe@xn--exmple-cua.com", true},    // the same in punycode
		{"a@localhost", true},               // Django's allow-list
		{"a@[127.0.0.1]", true},             // an IP literal
		{"a@[::1]", true},                   //
		{"a@" + label + ".com", true},       // a 63-character label
		{"a@sub-domain.ex-ample.com", true}, //
		{long, true},                        // 254
		{"x" + long, false},                 // 255: more than the column holds
		{"zoë@example.com", false},          // a non-ASCII local part
		{"a@x.c", false},                    // a one-letter top-level domain
		{"a@x.123", false},                  // a numeric top-level domain
		{"a@-x.com", false},                 // a label that starts with -
		{"a@x-.com", false},                 // or ends with -
		{"a@x.com-", false},                 //
		{"a@" + label + "b.com", false},     // a 64-character label
		{"a@[999.1.1.1]", false},            // not an IP address
		{"", false},
		{"plain", false},
		{"a@b", false},
		{"@example.com", false},
		{"a@", false},
		{"a@@example.com", false},
		{"a b@example.com", false},
		{"a..b@example.com", false},
		{".a@example.com", false},
		{"Alice <a@example.com>", false},
		{"<a@example.com>", false},
		{"a@exa mple.com", false},
		{"a\x00@example.com", false},
		{"a@example.com\xff", false},
	}
	for _, c := range cases {
		field := "email"
		if c.ok {
			field = ""
		}
		email := strings.NewReplacer(`\x00`, "\x00", `\xff`, "\xff").Replace(c.email)
		wantInvalid(t, "ValidateEmail("+truncate(email)+")", model.ValidateEmail(email), field)
	}
}

func TestValidatePassword(t *testing.T) {
	cases := []struct {
		password, username string
		ok                 bool
	}{
		{"correct horse", "alice", true},
		{"12345678a", "alice", true},
		{"éééééééé", "alice", true}, // 8 runes, 16 bytes
		{"ééééééé", "alice", false}, // 7 runes, 14 bytes
		{"short", "alice", false},
		{"1234567", "alice", false},
		{"12345678901", "alice", false}, // entirely numeric
		{"alice_the_great", "alice_the_great", false},
		{"ALICE_THE_GREAT", "alice_the_great", false},
		{strings.Repeat("p", 4096), "alice", true},
		{strings.Repeat("p", 4097), "alice", false},
	}
	for _, c := range cases {
		field := "password"
		if c.ok {
			field = ""
		}
		wantInvalid(t, "ValidatePassword("+truncate(c.password)+")", model.ValidatePassword(c.password, c.username), field)
	}
}

func TestSignUpValidate(t *testing.T) {
	f := model.SignUp{Username: "  alice ", Email: " alice@example.com ", Password: "correct horse", FirstName: " Alice "}
	if err := f.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if f.Username != "alice" || f.Email != "alice@example.com" || f.FirstName != "Alice" {
		t.Errorf("Validate did not trim: %+v", f)
	}
	bad := []struct {
		f     model.SignUp
		field string
	}{
		{model.SignUp{Username: "", Email: "a@example.com", Password: "correct horse"}, "username"},
		{model.SignUp{Username: "bad name", Email: "a@example.com", Password: "correct horse"}, "username"},
		{model.SignUp{Username: "alice", Email: "", Password: "correct horse"}, "email"},
		{model.SignUp{Username: "alice", Email: "nope", Password: "correct horse"}, "email"},
		{model.SignUp{Username: "alice", Email: "a@example.com", Password: "short"}, "password"},
		{model.SignUp{Username: "alice", Email: "a@example.com", Password: "correct horse", FirstName: strings.Repeat("n", 151)}, "first_name"},
		{model.SignUp{Username: "alice", Email: "a@example.com", Password: "correct horse", LastName: strings.Repeat("n", 151)}, "last_name"},
	}
	for _, b := range bad {
		wantInvalid(t, "SignUp.Validate "+b.field, b.f.Validate(), b.field)
	}
}

// TestSignUpProblems: every field's problem at once, one a field, in the
// form's order; Validate gives the first.
func TestSignUpProblems(t *testing.T) {
	f := model.SignUp{Username: "zoë the great", Email: "zoe.example.com", Password: "12345678",
		FirstName: strings.Repeat("z", model.MaxName+1)}
	var fields []string
	for _, err := range f.Problems() {
		fields = append(fields, model.ErrorField(err))
	}
	if got := strings.Join(fields, " "); got != "username email password first_name" {
		t.Errorf("Problems are about %q, want username email password first_name", got)
	}
	wantInvalid(t, "Validate", f.Validate(), "username")
	ok := model.SignUp{Username: "zoe", Email: "zoe@example.com", Password: "a good password"}
	if p := ok.Problems(); len(p) != 0 {
		t.Errorf("a good form has problems: %v", p)
	}
	// A username that is another's e-mail address is the username's problem.
	mail := model.SignUp{Username: "bob@example.com", Email: "zoe@example.com", Password: "a good password"}
	if p := mail.Problems(); len(p) != 1 || model.ErrorField(p[0]) != "username" {
		t.Errorf("an e-mail username not one's own: %v", p)
	}
}

func TestValidateURL(t *testing.T) {
	at := func(n int) string { return "https://example.com/" + strings.Repeat("p", n-len("https://example.com/")) }
	cases := []struct {
		url string
		max int
		ok  bool
	}{
		{"https://example.com/a.png", 500, true},
		{"http://x.io", 500, true},
		{at(500), 500, true},
		{at(501), 500, false},
		{at(200), 200, true},
		{at(201), 200, false},
		{"ftp://example.com/file", 500, false},
		{"example.com", 500, false},
		{"//example.com/a", 500, false},
		{"https://", 500, false},
		{"javascript:alert(1)", 500, false},
		{"https://exa mple.com", 500, false},
		{"https://example.com/a b", 500, false},
		{"https://example.com/\nb", 500, false},
		{"", 500, false},
	}
	for _, c := range cases {
		field := "website"
		if c.ok {
			field = ""
		}
		wantInvalid(t, "ValidateURL("+truncate(c.url)+")", model.ValidateURL("website", "Website", c.url, c.max), field)
	}
}

func TestProfileUpdateValidate(t *testing.T) {
	s := func(v string) *string { return &v }
	url := func(n int) *string {
		return s("https://example.com/" + strings.Repeat("a", n-len("https://example.com/")))
	}
	cases := []struct {
		name  string
		upd   model.ProfileUpdate
		field string
	}{
		{"empty", model.ProfileUpdate{}, ""},
		{"bio 500 emoji", model.ProfileUpdate{Bio: s(strings.Repeat("😀", 500))}, ""},
		{"bio 501 emoji", model.ProfileUpdate{Bio: s(strings.Repeat("😀", 501))}, "bio"},
		{"bio 501 ascii", model.ProfileUpdate{Bio: s(strings.Repeat("b", 501))}, "bio"},
		{"location 100", model.ProfileUpdate{Location: s(strings.Repeat("ü", 100))}, ""},
		{"location 101", model.ProfileUpdate{Location: s(strings.Repeat("l", 101))}, "location"},
		{"avatar 500", model.ProfileUpdate{Avatar: url(500)}, ""},
		{"avatar 501", model.ProfileUpdate{Avatar: url(501)}, "avatar"},
		{"avatar ftp", model.ProfileUpdate{Avatar: s("ftp://example.com/a.png")}, "avatar"},
		{"avatar cleared", model.ProfileUpdate{Avatar: s("")}, ""},
		{"website 500", model.ProfileUpdate{Website: url(500)}, ""},
		{"website 501", model.ProfileUpdate{Website: url(501)}, "website"},
		{"website not a url", model.ProfileUpdate{Website: s("my site")}, "website"},
		{"website cleared", model.ProfileUpdate{Website: s("  ")}, ""},
		{"first name 151", model.ProfileUpdate{FirstName: s(strings.Repeat("n", 151))}, "first_name"},
		{"last name 151", model.ProfileUpdate{LastName: s(strings.Repeat("n", 151))}, "last_name"},
	}
	for _, c := range cases {
		upd := c.upd
		wantInvalid(t, c.name, upd.Validate(), c.field)
	}
}

func TestNewPostValidate(t *testing.T) {
	media := "https://example.com/cat.png"
	id := int64(7)
	cases := []struct {
		name  string
		p     model.NewPost
		field string
	}{
		{"thoughts", model.NewPost{Type: model.Thoughts, Content: "hello"}, ""},
		{"500 ascii", model.NewPost{Content: strings.Repeat("a", 500)}, ""},
		{"500 emoji", model.NewPost{Content: strings.Repeat("😀", 500)}, ""},
		{"500 combining", model.NewPost{Content: strings.Repeat("é", 500)}, ""},
		{"501 ascii", model.NewPost{Content: strings.Repeat("a", 501)}, "content"},
		{"501 emoji", model.NewPost{Content: strings.Repeat("😀", 501)}, "content"},
		{"empty thoughts", model.NewPost{Type: model.Thoughts}, "content"},
		{"blank thoughts", model.NewPost{Content: " \n\t "}, "content"},
		{"bad type", model.NewPost{Type: "poll", Content: "x"}, "type"},
		{"media needs url", model.NewPost{Type: model.Media, Content: "look"}, "media_url"},
		{"media blank url", model.NewPost{Type: model.Media, Content: "look", MediaURL: "  "}, "media_url"},
		{"media without text", model.NewPost{Type: model.Media, MediaURL: media}, ""},
		{"media bad url", model.NewPost{Type: model.Media, MediaURL: "file:///etc/passwd"}, "media_url"},
		{"media url 200", model.NewPost{Type: model.Media, MediaURL: "https://example.com/" + strings.Repeat("m", 180)}, ""},
		{"media url 201", model.NewPost{Type: model.Media, MediaURL: "https://example.com/" + strings.Repeat("m", 181)}, "media_url"},
		{"milestone", model.NewPost{Type: model.Milestones, Content: "shipped"}, ""},
		{"reply_to without parent", model.NewPost{Content: "x", ReplyToCommentID: &id}, "parent"},
		{"wall reply", model.NewPost{Content: "x", ParentID: &id, TargetUserID: &id}, "target"},
	}
	for _, c := range cases {
		p := c.p
		wantInvalid(t, c.name, p.Validate(), c.field)
	}
	p := model.NewPost{Content: "default type"}
	if err := p.Validate(); err != nil || p.Type != model.Thoughts {
		t.Errorf("a post without a type: err %v, type %q, want thoughts", err, p.Type)
	}
}

func TestValidateMessage(t *testing.T) {
	cases := []struct {
		name, content string
		ok            bool
	}{
		{"hello", "hello", true},
		{"4000 ascii", strings.Repeat("m", 4000), true},
		{"4000 emoji", strings.Repeat("😀", 4000), true},
		{"4001 ascii", strings.Repeat("m", 4001), false},
		{"4001 emoji", strings.Repeat("😀", 4001), false},
		{"empty", "", false},
		{"blank", "  \n\t ", false},
	}
	for _, c := range cases {
		field := "content"
		if c.ok {
			field = ""
		}
		wantInvalid(t, c.name, model.ValidateMessage(c.content), field)
	}
}

func TestPageNormalize(t *testing.T) {
	for _, c := range []struct{ in, want int }{{0, model.DefaultPageSize}, {-3, model.DefaultPageSize}, {7, 7}, {model.MaxPageSize + 1, model.MaxPageSize}} {
		if got := (model.Page{Limit: c.in}).Normalize().Limit; got != c.want {
			t.Errorf("Page{Limit: %d}.Normalize().Limit = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestErrorHelpers(t *testing.T) {
	// A person reads the message alone; the log gets the field and the
	// cause too.
	err := model.Invalid("bio", "Too long.")
	if model.ErrorCode(err) != model.EINVALID || model.ErrorField(err) != "bio" || model.ErrorMessage(err) != "Too long." {
		t.Errorf("Invalid: code %q field %q message %q", model.ErrorCode(err), model.ErrorField(err), model.ErrorMessage(err))
	}
	cause := errTest("constraint failed")
	conflict := model.Errorf(model.ECONFLICT, "It clashes.").Because(cause)
	if model.ErrorMessage(conflict) != "It clashes." || !errors.Is(conflict, cause) || !strings.Contains(conflict.Error(), "constraint failed") {
		t.Errorf("an error with a cause: message %q, log %q, unwraps to the cause: %v", model.ErrorMessage(conflict), conflict.Error(), errors.Is(conflict, cause))
	}
	if model.ErrorCode(nil) != "" || model.ErrorMessage(nil) != "" {
		t.Errorf("nil error has a code or message")
	}
	other := errTest("driver said no")
	if model.ErrorCode(other) != model.EINTERNAL || strings.Contains(model.ErrorMessage(other), "driver") {
		t.Errorf("foreign error: code %q, message %q", model.ErrorCode(other), model.ErrorMessage(other))
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func truncate(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return s
}
