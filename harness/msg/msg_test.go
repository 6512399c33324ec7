package msg_test

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
)

// The catalog's own messages are sound, and a broken one is caught.
func TestCatalogIsComplete(t *testing.T) {
	msg.Define("test.broken", "%d of %s", "%s de %d")
	assert.Equal(t, []string{"test.broken: English takes [%d %s], Spanish [%s %d]"}, msg.Problems())
}

func TestParseLang(t *testing.T) {
	assert.Equal(t, msg.ES, msg.ParseLang("es_AR.UTF-8"))
	assert.Equal(t, msg.ES, msg.ParseLang("ES"))
	assert.Equal(t, msg.EN, msg.ParseLang("fr"))
	assert.Equal(t, msg.EN, msg.ParseLang(""))
}

func TestMessageIn(t *testing.T) {
	k := msg.Define("test.hello", "%d processes", "%d procesos")
	assert.Equal(t, "3 processes", msg.New(k, 3).In(msg.EN))
	assert.Equal(t, "3 procesos", msg.New(k, 3).In(msg.ES))
}

func TestNestedMessage(t *testing.T) {
	inner := msg.Define("test.inner", "exit %d", "salida %d")
	outer := msg.Define("test.outer", "%s: %s", "%s: %s")
	m := msg.New(outer, msg.New(inner, 3), "boom")
	assert.Equal(t, "salida 3: boom", m.In(msg.ES))
}
