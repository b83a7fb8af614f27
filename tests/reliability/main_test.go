package reliability

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) {
	code := m.Run()
	printFigures(os.Stdout)
	removeBinary()
	testutil.RemoveTemplate()
	os.Exit(code)
}

// stressRun reports whether the long variants run (NEZUKO_STRESS=1, as `make stress` sets).
func stressRun() bool { return os.Getenv("NEZUKO_STRESS") == "1" }

// stressOnly skips t unless the long variants run.
func stressOnly(t testing.TB) {
	t.Helper()
	if !stressRun() {
		t.Skip("long variant: run with NEZUKO_STRESS=1 (make stress)")
	}
}

// pick returns fast in `make test` and long under `make stress`.
func pick[T any](fast, long T) T {
	if stressRun() {
		return long
	}
	return fast
}

// figureRow is one measured figure for the summary table.
type figureRow struct{ test, figure, value, target string }

var (
	figuresMu sync.Mutex // guards figures
	figures   []figureRow
)

// figure records a measured value (and the target it is held to, "" if none) for the
// summary table printed after the run, and logs it.
func figure(t testing.TB, name, value, target string) {
	t.Helper()
	t.Logf("figure: %s = %s (target %s)", name, value, target)
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures = append(figures, figureRow{t.Name(), name, value, target})
}

// printFigures writes the summary table of every recorded figure.
func printFigures(w io.Writer) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	if len(figures) == 0 {
		return
	}
	mode := "fast (make test)"
	if stressRun() {
		mode = "long (make stress)"
	}
	fmt.Fprintf(w, "\nReliability figures, %s variant:\n\n", mode)
	fmt.Fprintln(w, "| test | figure | value | target |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, f := range figures {
		cells := []string{f.test, f.figure, f.value, f.target}
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", "\\|")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	fmt.Fprintln(w)
}
