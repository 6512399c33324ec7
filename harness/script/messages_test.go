package script_test

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/msg"
	_ "github.com/mpgrade/mpgrade/harness/script"
	"github.com/stretchr/testify/assert"
)

// Every message of the commands has English and Spanish, with the same
// verbs in the same order.
func TestMessagesHaveBothLanguages(t *testing.T) {
	assert.Empty(t, msg.Problems())
}
