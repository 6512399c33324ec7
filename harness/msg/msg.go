// Package msg holds mpgrade's messages in every language it speaks, so that
// what is measured and judged can be told to a student in theirs.
//
// A package defines its messages once, with Define, next to the code that
// uses them; a Message is a key and its arguments, and is put into words
// only when it is shown. A test checks that every message has every
// language and that the translations take the same arguments.
package msg

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// A Lang is a language mpgrade speaks.
type Lang string

const (
	EN Lang = "en"
	ES Lang = "es"
)

// Langs lists the languages, English first.
var Langs = []Lang{EN, ES}

// ParseLang returns the language for a name such as "es" or "es_AR.UTF-8";
// unknown names give English.
func ParseLang(name string) Lang {
	name = strings.ToLower(name)
	if strings.HasPrefix(name, "es") {
		return ES
	}
	return EN
}

// A Key names a defined message.
type Key string

type texts struct{ en, es string }

var (
	mu      sync.RWMutex
	catalog = map[Key]texts{}
)

// Define adds a message in English and Spanish, each a fmt format, and
// returns its key. It panics if the key is already defined with other
// texts: keys are package-level constants, so that is a programming error.
func Define(key, en, es string) Key {
	mu.Lock()
	defer mu.Unlock()
	k := Key(key)
	if old, dup := catalog[k]; dup && old != (texts{en: en, es: es}) {
		panic("msg: " + key + " defined twice")
	}
	catalog[k] = texts{en: en, es: es}
	return k
}

// Keys returns every defined key, sorted.
func Keys() []Key {
	mu.RLock()
	defer mu.RUnlock()
	keys := make([]Key, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// Format returns the format of key in lang.
func Format(key Key, lang Lang) string {
	mu.RLock()
	t, ok := catalog[key]
	mu.RUnlock()
	if !ok {
		return string(key)
	}
	if lang == ES {
		return t.es
	}
	return t.en
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Problems checks the catalog: every message must have both languages, and
// both must take the same arguments in the same order (a Spanish text with
// a missing %d would print %!d). It returns one line per problem. Only the
// messages of packages linked into the running binary are checked, so the
// command's tests call it too.
func Problems() []string {
	var out []string
	for _, k := range Keys() {
		en, es := Format(k, EN), Format(k, ES)
		if en == "" || es == "" {
			out = append(out, fmt.Sprintf("%s: a language is missing", k))
			continue
		}
		if a, b := verb.FindAllString(en, -1), verb.FindAllString(es, -1); strings.Join(a, " ") != strings.Join(b, " ") {
			out = append(out, fmt.Sprintf("%s: English takes %v, Spanish %v", k, a, b))
		}
	}
	return out
}

// A Message is a defined message with its arguments, not yet in words.
type Message struct {
	Key  Key   `json:"key"`
	Args []any `json:"args,omitempty"`
}

// New returns the message key with args.
func New(key Key, args ...any) Message { return Message{Key: key, Args: args} }

// In puts the message into words in lang. Arguments that are themselves
// messages are put into words in lang too.
func (m Message) In(lang Lang) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if inner, ok := a.(Message); ok {
			a = inner.In(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(Format(m.Key, lang), args...)
}

// String is the message in English.
func (m Message) String() string { return m.In(EN) }

// Texts puts messages into words in lang.
func Texts(ms []Message, lang Lang) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.In(lang)
	}
	return out
}

// Text is a plain string that is the same in every language, for text
// that comes from elsewhere (a Python traceback, a file name).
var Text = Define("msg.text", "%s", "%s")

// MarshalJSON writes the key and arguments; see also In.
func (m Message) MarshalJSON() ([]byte, error) {
	type plain Message
	return json.Marshal(plain(m))
}
