package model

import "testing"

func TestUsernameKeys(t *testing.T) {
	alike := [][2]string{
		{"alice", "\u0430lice"}, // Cyrillic а
		{"alice", "Alice"},
		{"alice", "ALICE"},
		{"alice", "a1ice"},
		{"Ian", "lan"}, // a capital I is an l
		{"bob", "b0b"},
		{"bob", "BOB"},
		{"m", "rn"},
		{"paypal", "\U0001d52d\U0001d4b6\u1eff\U0001d561\U0001d552\u2113"},
		{"strasse", "straße"},
	}
	for _, p := range alike {
		s1, f1 := UsernameKeys(p[0])
		s2, f2 := UsernameKeys(p[1])
		if s1 != s2 && f1 != f2 {
			t.Errorf("%q and %q have no key in common: %q %q, %q %q", p[0], p[1], s1, f1, s2, f2)
		}
	}
	for _, p := range [][2]string{{"alice", "alice2"}, {"alice", "alicia"}, {"bob", "rob"}, {"日本", "日木"}, {"alice", "алиса"}} {
		s1, f1 := UsernameKeys(p[0])
		s2, f2 := UsernameKeys(p[1])
		if s1 == s2 || f1 == f2 {
			t.Errorf("%q and %q share a key", p[0], p[1])
		}
	}
}

func TestSignUpUsernameRules(t *testing.T) {
	for _, c := range []struct {
		username, email, field string
	}{
		{"alice\u3164", "alice@example.com", "username"}, // a Hangul filler
		{"\uffa0alice", "alice@example.com", "username"}, // a halfwidth one
		{"bob@example.com", "mallory@example.com", "username"},
		{"Bob@Example.com", "bob@example.com", ""}, // one's own address
		{"bob@home", "bob@example.com", ""},        // not an address
		{"alice", "alice@example.com", ""},
	} {
		f := SignUp{Username: c.username, Email: c.email, Password: "a good password"}
		err := f.Validate()
		if ErrorField(err) != c.field || (c.field == "" && err != nil) {
			t.Errorf("sign-up of %q with %q: %v, want a problem with %q", c.username, c.email, err, c.field)
		}
	}
}
