package report

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
)

// Feedback says what a status means when the check was not judged, in the
// student's language.
func TestFeedback(t *testing.T) {
	c := grade.CheckResult{Name: "parallel", Status: grade.Inconclusive, MaxPoints: 2.5, Message: "too busy"}
	assert.Equal(t, "No concluyente, lo que no es un fallo: too busy\nLos 2.5 puntos de esta comprobación quedan pendientes hasta que se corrija de nuevo en una máquina que pueda decidirlo.", Feedback(c, msg.ES))

	c = grade.CheckResult{Status: grade.Error}
	assert.Equal(t, "The grader could not run this check; this is not a problem with your submission: no details were given.", Feedback(c, msg.EN))

	c = grade.CheckResult{Status: grade.Fail, Message: "  saw 0\r\n"}
	assert.Equal(t, "saw 0", Feedback(c, msg.EN))
	assert.Equal(t, "", Feedback(grade.CheckResult{Status: grade.Pass}, msg.EN))
}

func TestPrintable(t *testing.T) {
	assert.Equal(t, "red\tand\nplain", printable("\x1b[1;31mred\x1b[0m\tand\r\nplain"))
	assert.Equal(t, "a\uFFFDb\uFFFDc", printable("a\x01b\x7fc"))
	assert.Equal(t, "ñandú ✓", printable("ñandú ✓"))
}

func TestStatusWord(t *testing.T) {
	assert.Equal(t, "INCONCLUSIVE", StatusWord(grade.Inconclusive, msg.EN))
	assert.Equal(t, "OMITIDA", StatusWord(grade.Skip, msg.ES))
	assert.Equal(t, "ODD", StatusWord(grade.Status("odd"), msg.EN))
}
