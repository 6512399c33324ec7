package check_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/validate"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testTarget is the reference's sequential time the project's own tests
// grade with: shorter than an assignment's target, but the parallel runs
// still last longer than the shortest run that can be judged.
const testTarget = 0.8

// TestFixturesGetTheirVerdicts grades every test submission of every
// built-in assignment, private/ASSIGNMENT/tests/FIXTURE/, and holds it to
// its expect.txt. Run one assignment with -run
// TestFixturesGetTheirVerdicts/NAME.
func TestFixturesGetTheirVerdicts(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	for _, name := range assignments.Names() {
		t.Run(name, func(t *testing.T) {
			a, err := assignments.Load(name)
			require.NoError(t, err)
			if !a.Private {
				t.Skip("the test submissions live in private/, which this copy of mpgrade lacks: run the tests from a checkout")
			}
			require.NotEmpty(t, a.Tests(), "every built-in assignment has test submissions")
			root := filepath.Join(assignments.PrivateRoot(), name, "tests")
			for _, test := range a.Tests() {
				dir := filepath.Join(root, test)
				t.Run(test, func(t *testing.T) {
					skipNearDeadline(t)
					holdToExpect(t, a, dir)
				})
			}
		})
	}
}

// fixtureBudget is the longest one fixture's grading takes on a loaded
// two-core machine: the mp_worker fixtures that list speedup run at least
// five rounds of four runs (about 40 s), and a lock fixture makes six runs
// of up to 5 s each.
const fixtureBudget = 90 * time.Second

// skipNearDeadline skips a fixture that could not finish before go test's
// -timeout ends the whole test binary. Every fixture of every assignment
// takes 6 to 11 minutes on a two-core machine (363 s quiet, 656 s beside
// other test runs), which can pass go test's default 10; the README's test
// command and CI give go test -timeout 30m, which holds every one.
func skipNearDeadline(t *testing.T) {
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < fixtureBudget {
		t.Skipf("only %s of go test's -timeout left, and a fixture may take %s: run go test -timeout 30m ./harness/check to grade every fixture",
			time.Until(deadline).Round(time.Second), fixtureBudget)
	}
}

// holdToExpect grades the fixture in dir and compares each check's status
// and feedback with its expect.txt.
func holdToExpect(t *testing.T, a *assignments.Assignment, dir string) {
	f, err := os.Open(filepath.Join(dir, "expect.txt"))
	require.NoError(t, err, "every fixture states what it must get in expect.txt")
	defer f.Close()
	want, err := validate.ReadExpect(filepath.Join(dir, "expect.txt"), f)
	require.NoError(t, err)
	// The speedup check takes a few rounds of four runs: it is graded
	// only for the fixtures whose expect.txt names it.
	var only []string
	for _, c := range a.Checks {
		_, named := want.Status[c.Name]
		if c.Hidden && !named {
			continue // graded in official grading only; see harness/kit and platforms
		}
		if named || c.Name != "speedup" || a.Name != "mp_worker" {
			only = append(only, c.Name)
		}
	}
	res, err := check.Grade(context.Background(), a, dir, check.Options{Lang: msg.EN, TargetSeconds: testTarget, Only: only, Hidden: true})
	require.NoError(t, err)
	require.Len(t, res.Checks, len(only), "every check is reported")
	for _, c := range res.Checks {
		allowed, ok := want.Status[c.Name]
		require.True(t, ok, "expect.txt says nothing of check %s", c.Name)
		assert.Contains(t, allowed, c.Status, "check %s: %s", c.Name, c.Message)
		assert.Empty(t, want.Unsaid(c.Name, c.Message), "check %s's feedback says none of these: %s", c.Name, c.Message)
		assert.NotContains(t, c.Message, "goroutine ", "no Go stack trace in feedback")
	}
}
