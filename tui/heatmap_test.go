package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

func TestHeatmap(t *testing.T) {
	s := theme.New(true)
	today := testNow.Truncate(oneDay) // a Wednesday
	activity := []model.DayCount{
		{Day: today.AddDate(0, 0, -400), Count: 9}, // before the year: left out
		{Day: today.AddDate(0, 0, -10), Count: 2},
		{Day: today.AddDate(0, 0, -1), Count: 1},
		{Day: today, Count: 4},
		{Day: today.AddDate(0, 0, 1), Count: 9}, // tomorrow: left out
	}
	h := newHeatmap(activity, testNow)
	if h.max != 4 {
		t.Errorf("max %d, want 4", h.max)
	}
	for n, want := range map[int]int{0: 0, 1: 1, 2: 2, 3: 3, 4: 4} {
		if got := h.level(n, len(s.Heat)); got != want {
			t.Errorf("level(%d) = %d, want %d", n, got, want)
		}
	}
	st := h.stats()
	if st.total != 7 || !st.busiest.Equal(today) || st.busiestN != 4 || st.longest != 2 || st.latest != 2 {
		t.Errorf("stats %+v", st)
	}

	// One cell a week at 80 columns: 53 weeks after the weekday labels.
	rows := h.draw(s, 78)
	if len(rows) != 8 {
		t.Fatalf("%d rows, want 8", len(rows))
	}
	plainRows := make([]string, len(rows))
	for i, r := range rows {
		plainRows[i] = ansi.Strip(r)
	}
	if !strings.HasPrefix(plainRows[0], "    ") || !strings.Contains(plainRows[0], "Dec") || !strings.Contains(plainRows[0], "Nov") {
		t.Errorf("months: %q", plainRows[0])
	}
	wed, thu := plainRows[1+int(time.Wednesday)], plainRows[1+int(time.Thursday)]
	if !strings.HasPrefix(wed, "Wed ") || widget.Width(wed) != heatLabelW+heatWeeks {
		t.Errorf("Wednesdays: %q (%d cells)", wed, widget.Width(wed))
	}
	if widget.Width(thu) != heatLabelW+heatWeeks-1 {
		t.Errorf("Thursdays run into the future: %q", thu)
	}
	// Today is the busiest day, the top of the scale; yesterday one post.
	if !strings.HasSuffix(rows[1+int(time.Wednesday)], s.Heat[4].Render(heatSquare)) {
		t.Errorf("today is not drawn at the top level: %q", rows[1+int(time.Wednesday)])
	}
	if !strings.HasSuffix(rows[1+int(time.Tuesday)], s.Heat[1].Render(heatSquare)) {
		t.Errorf("yesterday is not drawn at level 1: %q", rows[1+int(time.Tuesday)])
	}
	// The year starts on a Wednesday, a year ago less a day: the days of
	// its first week before it are blank.
	if sun := plainRows[1]; sun[heatLabelW] != ' ' {
		t.Errorf("the Sunday before the year is drawn: %q", sun)
	}

	// With room, a square and a gap a week; without, the latest weeks.
	for _, w := range []int{158, 40} {
		for _, r := range h.draw(s, w) {
			if widget.Width(r) > w {
				t.Errorf("at %d cells a row is %d wide: %q", w, widget.Width(r), ansi.Strip(r))
			}
		}
	}
	if r := strings.TrimRight(ansi.Strip(h.draw(s, 158)[1+int(time.Wednesday)]), " "); !strings.HasSuffix(r, "■ ■") || widget.Width(r) != heatLabelW+2*heatWeeks-1 {
		t.Errorf("wide Wednesdays: %q", r)
	}

	// The numbers: under the map when narrow, beside it when wide.
	narrow := heatSection(s, activity, testNow, 78)
	if len(narrow) != 9 || !strings.Contains(ansi.Strip(narrow[8]), "7 posts and replies in the last year") {
		t.Errorf("narrow section: %q", ansi.Strip(strings.Join(narrow, "\n")))
	}
	wide := ansi.Strip(strings.Join(heatSection(s, activity, testNow, 158), "\n"))
	for _, want := range []string{"7 posts and replies in the last year", "Busiest day   Nov 25 · 4", "Longest run   2 days", "Current run   2 days", "Less ■■■■■ More"} {
		if !strings.Contains(wide, want) {
			t.Errorf("the wide section lacks %q:\n%s", want, wide)
		}
	}
	empty := ansi.Strip(strings.Join(heatSection(s, nil, testNow, 158), "\n"))
	if !strings.Contains(empty, "0 posts and replies") || !strings.Contains(empty, "Busiest day   —") {
		t.Errorf("a year without posts:\n%s", empty)
	}
}
