package tui

import (
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// The profile's heatmap: a year of posts drawn like GitHub's
// contribution graph, one column per week (Sunday on top), one row per
// weekday, each day a square in the colour of its level on the session's
// Heat scale, month names above. It takes one cell per week where room is
// short (57 cells for the year) and a square and a gap per week where there
// is room (110 cells); below 57 cells it shows the most recent weeks that
// fit. Everything follows from Common.Now, so it is the same on every
// run at the same moment.

const (
	heatWeeks  = 53 // a year and the days of the week it starts in
	heatLabelW = 4  // "Mon "
	heatSquare = "■"
	oneDay     = 24 * time.Hour
)

// heatStats are the numbers told beside the heatmap.
type heatStats struct {
	total           int
	busiest         time.Time // the busiest day (the latest of equals)
	busiestN        int
	longest, latest int // the longest run of days with posts, and the run up to today
}

// heatmap is a year of activity, by UTC day, up to today.
type heatmap struct {
	today time.Time // midnight UTC
	first time.Time // the first day of the year shown
	count map[time.Time]int
	max   int
}

// newHeatmap collects activity (posts per UTC day) for the year up to
// now, as the Service counts it.
func newHeatmap(activity []model.DayCount, now time.Time) heatmap {
	today := now.UTC().Truncate(oneDay)
	h := heatmap{today: today, first: today.AddDate(0, 0, -364), count: map[time.Time]int{}}
	for _, d := range activity {
		k := d.Day.UTC().Truncate(oneDay)
		if k.Before(h.first) || k.After(today) {
			continue
		}
		h.count[k] += d.Count
		h.max = max(h.max, h.count[k])
	}
	return h
}

// level is a day's place on a scale of levels (0 for no posts, the top
// for the busiest day), linear between one post and the busiest day.
func (h heatmap) level(n, levels int) int {
	top := levels - 1
	switch {
	case n <= 0 || top <= 0:
		return 0
	case h.max <= 1:
		return top
	}
	return 1 + (n-1)*(top-1)/(h.max-1)
}

// stats are the year's total, its busiest day and its runs of days with
// posts.
func (h heatmap) stats() heatStats {
	var st heatStats
	run := 0
	for d := h.first; !d.After(h.today); d = d.Add(oneDay) {
		n := h.count[d]
		st.total += n
		if n > 0 && n >= st.busiestN {
			st.busiest, st.busiestN = d, n
		}
		if n > 0 {
			run++
		} else {
			run = 0
		}
		st.longest = max(st.longest, run)
	}
	// The current run ends today, or yesterday while today has no post
	// yet.
	d := h.today
	if h.count[d] == 0 {
		d = d.Add(-oneDay)
	}
	for ; h.count[d] > 0 && !d.Before(h.first); d = d.Add(-oneDay) {
		st.latest++
	}
	return st
}

// cellWidth is the cells a week takes in w cells: 2 (a square and a gap)
// when the whole year fits so, else 1.
func cellWidth(w int) int {
	if w >= heatLabelW+heatWeeks*2 {
		return 2
	}
	return 1
}

// draw is the heatmap in at most w cells: a line of months, then seven of
// days.
func (h heatmap) draw(s *theme.Styles, w int) []string {
	cw := cellWidth(w)
	weeks := min(heatWeeks, max((w-heatLabelW)/cw, 1))
	lastSunday := h.today.AddDate(0, 0, -int(h.today.Weekday()))
	start := lastSunday.AddDate(0, 0, -7*(weeks-1))

	// The months: each named above its first Sunday, unless the name
	// before it would run into it.
	months := []byte(strings.Repeat(" ", heatLabelW+weeks*cw+3))
	next := 0
	for i := range weeks {
		d := start.AddDate(0, 0, 7*i)
		if x := heatLabelW + i*cw; d.Day() <= 7 && x >= next {
			copy(months[x:], d.Month().String()[:3])
			next = x + 4
		}
	}
	out := []string{s.Muted.Render(strings.TrimRight(string(months), " "))}

	labels := [7]string{1: "Mon", 3: "Wed", 5: "Fri"}
	gap := strings.Repeat(" ", cw-1)
	for wd := range 7 {
		var b strings.Builder
		b.WriteString(s.Muted.Render(widget.Pad(labels[wd], heatLabelW)))
		// Runs of days of one level are drawn in one piece.
		run, runLevel := "", -1
		flush := func() {
			if runLevel >= 0 {
				b.WriteString(s.Heat[runLevel].Render(run))
			} else {
				b.WriteString(run)
			}
			run = ""
		}
		for i := range weeks {
			d := start.AddDate(0, 0, 7*i+wd)
			cell, lvl := " "+gap, -1
			if !d.Before(h.first) && !d.After(h.today) {
				cell, lvl = heatSquare+gap, h.level(h.count[d], len(s.Heat))
			}
			if lvl != runLevel && run != "" {
				flush()
			}
			run, runLevel = run+cell, lvl
		}
		flush()
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// legend is "Less ■■■■■ More" on the session's scale.
func heatLegend(s *theme.Styles) string {
	var b strings.Builder
	b.WriteString(s.Muted.Render("Less "))
	for _, st := range s.Heat {
		b.WriteString(st.Render(heatSquare))
	}
	b.WriteString(s.Muted.Render(" More"))
	return b.String()
}

// heatSection is the heatmap with its numbers, in w cells: beside it
// when there is room, else under it in one line.
func heatSection(s *theme.Styles, activity []model.DayCount, now time.Time, w int) []string {
	h := newHeatmap(activity, now)
	st := h.stats()
	grid := h.draw(s, w)
	gw := heatLabelW + min(heatWeeks, max((w-heatLabelW)/cellWidth(w), 1))*cellWidth(w)
	total := plural(st.total, "post or reply", "posts and replies") + " in the last year"
	side := []string{
		s.Title.Render(total),
		"",
		s.Muted.Render("Busiest day   ") + busiest(st),
		s.Muted.Render("Longest run   ") + s.Body.Render(plural(st.longest, "day", "days")),
		s.Muted.Render("Current run   ") + s.Body.Render(plural(st.latest, "day", "days")),
		"",
		heatLegend(s),
	}
	const sideW = 32
	if w >= gw+3+sideW {
		out := make([]string, len(grid))
		for i, g := range grid {
			out[i] = widget.Pad(g, gw+3)
			if i < len(side) {
				out[i] += side[i]
			}
		}
		return out
	}
	legend := heatLegend(s)
	under := widget.Truncate(s.Muted.Render(total), max(gw-widget.Width(legend)-1, 0))
	return append(grid, under+strings.Repeat(" ", max(gw-widget.Width(under)-widget.Width(legend), 1))+legend)
}

// busiest tells the busiest day of a year and its count.
func busiest(st heatStats) string {
	if st.busiestN == 0 {
		return "—"
	}
	return st.busiest.Format("Jan 2") + " · " + count(st.busiestN)
}

// plural is "1 post", "2 posts", "1,000 posts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// heatCache keeps a drawn heatmap section: it changes only with the
// profile, the width, the theme and the day, and drawing it styles a few
// hundred runs of squares.
type heatCache struct {
	key   heatKey
	lines []string
}

// heatKey is what a heatmap section depends on.
type heatKey struct {
	view  *model.ProfileView
	w     int
	dark  bool
	today time.Time
}

// section is heatSection of v in w cells, drawn again only when needed.
func (hc *heatCache) section(c *Common, v *model.ProfileView, w int) []string {
	k := heatKey{view: v, w: w, dark: c.Styles.Dark, today: c.Now().UTC().Truncate(oneDay)}
	if k != hc.key || hc.lines == nil {
		hc.key, hc.lines = k, heatSection(c.Styles, v.Activity, c.Now(), w)
	}
	return hc.lines
}
