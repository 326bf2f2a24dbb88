package seed

// Word pools for generated posts, replies and messages.

var firstNames = []string{"Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Guido",
	"Frances", "Edsger", "Hedy", "Tim", "Katherine", "Niklaus", "Sophie", "Yukihiro", "Anita", "Rob",
	"Mei", "Kofi", "Ingrid", "Mateo", "Amara", "Lena", "Ravi", "Noor", "Tomás", "Zoë"}

var lastNames = []string{"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson",
	"Perlman", "Rossum", "Allen", "Dijkstra", "Lamarr", "Berners", "Johnson", "Wirth", "Wilson", "Matsumoto",
	"Borg", "Pike", "Chen", "Mensah", "Larsen", "García", "Okafor", "Novak", "Iyer", "Haddad", "Silva", "Weber"}

var bios = []string{"Terminal dweller. Writes Go at night.", "Building things that blink.", "Coffee, keyboards, and long walks in vim.",
	"Neon-lit synthwave enthusiast.", "Amateur astronomer, professional overthinker.", "I ship on Fridays.",
	"Plants, pixels and punctuation.", "Learning Rust, loving Go.", "Runs on tea and curiosity.", ""}

var places = []string{"Berlin", "Lagos", "São Paulo", "Tokyo", "Toronto", "Nairobi", "Lisbon", "Seoul", "Austin", "Oslo", "Pune", ""}

var thoughtLines = []string{
	"Just realised my terminal has better uptime than I do.",
	"Hot take: tabs for indentation, spaces for alignment.",
	"The best code is the code you get to delete.",
	"Rainy day, warm tea, a long refactor. Perfect.",
	"Does anyone else name their servers after moons?",
	"Spent an hour on a bug. It was a missing comma. Again.",
	"Reading old RFCs is strangely calming.",
	"Today I learned about keyset pagination and I feel powerful.",
	"If it compiles on the first try, be suspicious.",
	"Tiny wins: my tests run in under a second now.",
	"Thinking about how much joy a good keyboard shortcut brings.",
	"Late night deploys hit different. Not in a good way.",
	"Neon skies over the city tonight ✨",
	"Why is naming things still the hardest problem?",
	"Dark mode everything. My eyes thank me.",
	"Pair programming with my cat. She prefers Haskell.",
	"Remember to drink water and commit often.",
	"New week, new side project. Wish me luck.",
	"Anyone up for a code review swap this weekend?",
	"The terminal is a cosy place to live 🖥️",
}

type mediaLine struct{ caption, url string }

var mediaLines = []mediaLine{
	{"Sunset from the rooftop 🌇", "https://images.numeneon.example/sunset.jpg"},
	{"My new desk setup", "https://images.numeneon.example/desk.png"},
	{"Conference talk slides are up", "https://media.numeneon.example/talk.pdf"},
	{"Neon sign I found downtown", "https://images.numeneon.example/neon.jpg"},
	{"Mechanical keyboard build, finally done ⌨️", "https://images.numeneon.example/keyboard.jpg"},
	{"Time-lapse of the city at night", "https://video.numeneon.example/city.mp4"},
	{"", "https://images.numeneon.example/cat.gif"},
	{"Mountains this morning", "https://images.numeneon.example/mountains.jpg"},
}

var milestoneLines = []string{
	"Shipped v1.0 today! 🚀",
	"100 days of code: done. 🏆",
	"Got my first open source PR merged!",
	"Ran my first half marathon 🏃",
	"One year at the new job today.",
	"Passed my certification exam!",
	"Our little app reached 1,000 users.",
	"Finished reading 24 books this year 📚",
	"Gave my first conference talk.",
	"Moved into a new flat with a view.",
}

var replyLines = []string{
	"Love this!", "So true 😂", "Congrats!! 🎉", "Couldn't agree more.", "This made my day.",
	"Tell me more about this.", "Same here, every single time.", "Wow, looks amazing.",
	"Bookmarking this.", "Hah, been there.", "You should write a blog post about it.",
	"Proud of you!", "Wait, how did you do that?", "Nice one 👏", "Facts.",
}

var chatLines = []string{
	"hey! how's it going?", "are you coming tonight?", "just saw your post 😄", "lunch tomorrow?",
	"did you try the new build?", "haha yes exactly", "sending you the link now", "thanks, you're the best",
	"can you review my PR later?", "on my way!", "that bug is finally fixed 🎉", "talk soon 👋",
	"what are you working on these days?", "ok, sounds good", "did you see the sunset today?",
}
