package seed

import (
	"context"
	"slices"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The named people of the demo network; sign in as any of them with
// Password.
var samplePeople = []person{
	{"alice", "Alice", "Nakamura", "Chat-over-SSH devotee. I live in tmux.", "Lisbon", "https://alice.numeneon.example"},
	{"bob", "Bob", "Okafor", "Backend plumber. Postgres whisperer.", "Lagos", "https://bob.numeneon.example"},
	{"carol", "Carol", "Silva", "Designer of neon things 🌈", "São Paulo", ""},
	{"dave", "Dave", "Larsen", "Runs, reads, refactors.", "Oslo", ""},
	{"erin", "Erin", "Chen", "Security nerd. Sanitize your inputs.", "Toronto", "https://erin.numeneon.example"},
	{"frank", "Frank", "Weber", "Synths and shell scripts.", "Berlin", ""},
	{"grace", "Grace", "Mensah", "Compilers by day, climbing by night.", "Nairobi", ""},
	{"heidi", "Heidi", "Novak", "Photographer 📷", "Prague", "https://heidi.numeneon.example"},
	{"ivan", "Ivan", "Iyer", "Distributed systems, undistributed coffee.", "Pune", ""},
	{"judy", "Judy", "García", "Open source maintainer. Be kind.", "Austin", ""},
	{"mallory", "Mallory", "Haddad", "Definitely not up to anything.", "", ""},
	{"oscar", "Oscar", "Borg", "New here 👋", "Seoul", ""},
}

var sampleFriends = [][2]string{
	{"alice", "bob"}, {"alice", "carol"}, {"alice", "dave"}, {"alice", "erin"}, {"bob", "carol"},
	{"bob", "erin"}, {"carol", "frank"}, {"dave", "grace"}, {"erin", "heidi"}, {"frank", "ivan"},
	{"grace", "judy"}, {"heidi", "oscar"}, {"ivan", "judy"}, {"bob", "ivan"}, {"carol", "heidi"},
}

// sampleRequests are pending: from, to.
var sampleRequests = [][2]string{{"mallory", "alice"}, {"grace", "alice"}, {"alice", "heidi"}, {"oscar", "bob"}}

type line struct {
	from, text string
	ago        time.Duration
}

// sampleChats are conversations between two people, oldest line first.
var sampleChats = []struct {
	between [2]string
	lines   []line
}{
	{[2]string{"alice", "bob"}, []line{
		{"bob", "did you see the new numeneon build?", 3 * time.Hour},
		{"alice", "yes! the River view is so good", 170 * time.Minute},
		{"bob", "running it over ssh for the whole team now", 160 * time.Minute},
		{"alice", "nice, send me the host", 150 * time.Minute},
		{"bob", "ssh -p 23234 numeneon.example — use your usual name", 9 * time.Minute},
		{"bob", "ping me when you're in 👋", 2 * time.Minute},
	}},
	{[2]string{"alice", "carol"}, []line{
		{"alice", "love the new palette you posted", 26 * time.Hour},
		{"carol", "thank you!! cyberpunk is back", 25 * time.Hour},
		{"carol", "coffee on friday?", 30 * time.Minute},
	}},
	{[2]string{"alice", "dave"}, []line{
		{"dave", "how did the half marathon go?", 50 * time.Hour},
		{"alice", "slow but finished 🏃", 49 * time.Hour},
		{"dave", "that's what counts", 48 * time.Hour},
	}},
	{[2]string{"erin", "alice"}, []line{
		{"erin", "reminder: never print user input raw to a terminal 😉", 5 * time.Hour},
		{"alice", "escape sequences are scary", 4 * time.Hour},
	}},
}

// sampleCrowd is how many generated people surround the named ones, and
// crowdPosts and crowdMessages how many posts_post rows and messages they
// write.
const (
	sampleCrowd   = 48
	crowdPosts    = 1500
	crowdMessages = 200
)

// sample seeds the named demo network and a crowd of generated people
// around it, so that every pane has something to show.
func (g *generator) sample(ctx context.Context) error {
	people := slices.Clone(samplePeople)
	for i := range sampleCrowd {
		people = append(people, g.randomPerson(firstNames[i%len(firstNames)], lastNames[(i*7)%len(lastNames)]))
	}
	err := g.load(ctx, func(l *storage.Loader) error {
		if err := g.prepare(l, true); err != nil {
			return err
		}
		return g.addPeople(ctx, l, people, 0, len(people))
	})
	if err != nil {
		return seedError(StageUsers, err)
	}
	g.stageDone(StageUsers, g.sum.Users)
	ids := map[string]int64{}
	for i, p := range samplePeople {
		ids[p.username] = g.people[i]
	}
	crowd := g.people[len(samplePeople):]

	const perPerson = 6
	err = g.load(ctx, func(l *storage.Loader) error {
		for _, f := range sampleFriends {
			if err := g.befriend(l, ids[f[0]], ids[f[1]]); err != nil {
				return err
			}
		}
		for _, r := range sampleRequests {
			if err := g.request(l, ids[r[0]], ids[r[1]]); err != nil {
				return err
			}
		}
		return g.randomFriendships(ctx, l, g.people, len(samplePeople), perPerson, len(sampleFriends)+len(g.people)*perPerson/2)
	})
	if err != nil {
		return seedError(StageFriends, err)
	}
	g.stageDone(StageFriends, g.sum.Friendships)

	named := 0
	err = g.load(ctx, func(l *storage.Loader) error {
		bob, alice := ids["bob"], ids["alice"]
		n, err := g.post(l, bob, model.Thoughts, "Happy numeneon day, Alice! Thanks for all the reviews 🎉",
			"", g.opt.Now.Add(-40*time.Minute), &alice, 1)
		if err != nil {
			return err
		}
		named += n
		for _, p := range samplePeople {
			for range 12 + g.rng.IntN(12) {
				n, err := g.randomPost(l, ids[p.username], g.ago(365), g.rng.IntN(4))
				if err != nil {
					return err
				}
				named += n
			}
		}
		return nil
	})
	if err != nil {
		return seedError(StagePosts, err)
	}
	if err := g.randomPosts(ctx, crowd, crowdPosts, named); err != nil {
		return err
	}

	err = g.load(ctx, func(l *storage.Loader) error {
		chats := 0
		for _, chat := range sampleChats {
			pair, lines := chat.between, chat.lines
			for i, ln := range lines {
				to := pair[0]
				if ln.from == pair[0] {
					to = pair[1]
				}
				// The last lines of each chat are unread by their receiver.
				read := i < len(lines)-2
				if err := g.message(l, ids[ln.from], ids[to], ln.text, g.opt.Now.Add(-ln.ago), read); err != nil {
					return err
				}
				chats++
			}
		}
		return g.randomMessages(ctx, l, crowd, crowdMessages, chats)
	})
	if err != nil {
		return seedError(StageMessages, err)
	}
	g.stageDone(StageMessages, g.sum.Messages)
	return nil
}
