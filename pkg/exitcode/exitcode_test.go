package exitcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Code
	}{
		{nil, OK},
		{errors.New("plain"), Trouble},
		{Silent(Findings), Findings},
		{fmt.Errorf("wrapped: %w", &Error{Code: Interrupted, Err: errors.New("x")}), Interrupted},
		{Usagef("bad %s", "flag"), Trouble},
	} {
		if got := Of(tc.err); got != tc.want {
			t.Errorf("Of(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if !IsSilent(Silent(Findings)) || IsSilent(Usagef("x")) {
		t.Error("IsSilent is wrong")
	}
}
