package model_test

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

func TestParseBudget(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind model.WriteKind
		b    model.Budget
	}{
		{"message=30/10", model.WriteMessage, model.Budget{PerMinute: 30, Burst: 10}},
		{" like = 0.5 / 1 ", model.WriteLike, model.Budget{PerMinute: 0.5, Burst: 1}},
		{"friend_request=off", model.WriteFriendRequest, model.Budget{}},
	} {
		k, b, err := model.ParseBudget(c.in)
		if err != nil || k != c.kind || b != c.b {
			t.Errorf("ParseBudget(%q) = %q, %+v, %v", c.in, k, b, err)
		}
	}
	for _, bad := range []string{"", "message", "message=30", "dm=30/10", "message=0/10", "message=30/0.5", "message=-1/2",
		"message=x/2", "message=NaN/2", "message=Inf/2", "message=30/Inf"} {
		if _, _, err := model.ParseBudget(bad); err == nil || !strings.Contains(err.Error(), "message") {
			t.Errorf("ParseBudget(%q) = %v, want an error naming the kinds", bad, err)
		}
	}
}
