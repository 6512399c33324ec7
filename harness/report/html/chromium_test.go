package html_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// A browser is one headless Chromium driven through the DevTools
// protocol on a pair of pipes (--remote-debugging-pipe): one start for
// every page of a test, which on a loaded two-core machine is the
// difference between seconds and a minute.
type browser struct {
	cmd    *exec.Cmd
	cancel context.CancelFunc
	send   io.WriteCloser
	recv   *bufio.Reader
	nextID int
	// problems are the errors each page's session reported: exceptions,
	// console errors, blocked loads.
	problems map[string][]string
	loaded   map[string]bool
	// session is the DevTools session of the tab pages are opened in.
	session string
	stderr  strings.Builder
}

// A message is a DevTools command, its response, or an event.
type message struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    any             `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type event struct {
	SessionID string          `json:"sessionId"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
}

// startBrowser starts Chromium, to be stopped with close; timeout bounds
// its whole life.
func startBrowser(bin, profile string, timeout time.Duration) (*browser, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	chromeReads, weWrite, err := os.Pipe()
	if err != nil {
		cancel()
		return nil, err
	}
	weRead, chromeWrites, err := os.Pipe()
	if err != nil {
		cancel()
		return nil, err
	}
	b := &browser{cancel: cancel, send: weWrite, recv: bufio.NewReader(weRead),
		problems: map[string][]string{}, loaded: map[string]bool{}}
	b.cmd = exec.CommandContext(ctx, bin,
		"--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
		"--user-data-dir="+profile, fmt.Sprintf("--window-size=%d,%d", windowWidth, windowHeight),
		"about:blank")
	b.cmd.ExtraFiles = []*os.File{chromeReads, chromeWrites} // its fds 3 and 4
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	chromeReads.Close()
	chromeWrites.Close()
	if err := b.tab(); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// closeGrace is how long Chromium may take to exit once asked to.
const closeGrace = 10 * time.Second

func (b *browser) close() {
	b.call("", "Browser.close", nil)
	b.send.Close()
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(closeGrace):
		b.cancel() // kills it
		<-done
	}
	b.cancel()
}

// call sends a command and waits for its response, noting the events
// that come first.
func (b *browser) call(session, method string, params any) (json.RawMessage, error) {
	b.nextID++
	data, err := json.Marshal(message{ID: b.nextID, SessionID: session, Method: method, Params: params})
	if err != nil {
		return nil, err
	}
	if _, err := b.send.Write(append(data, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w (Chromium said: %s)", method, err, b.stderr.String())
	}
	for {
		m, ev, err := b.read()
		if err != nil {
			return nil, fmt.Errorf("%s: %w (Chromium said: %s)", method, err, b.stderr.String())
		}
		if ev != nil {
			b.note(ev)
			continue
		}
		if m.ID != b.nextID {
			continue
		}
		if m.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		return m.Result, nil
	}
}

// read returns the next message: a response, or an event.
func (b *browser) read() (*message, *event, error) {
	data, err := b.recv.ReadBytes(0)
	if err != nil {
		return nil, nil, err
	}
	data = data[:len(data)-1]
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, nil, err
	}
	if m.ID == 0 && m.Method != "" {
		var ev event
		err := json.Unmarshal(data, &ev)
		return nil, &ev, err
	}
	return &m, nil, nil
}

// note keeps what an event says about its page.
func (b *browser) note(ev *event) {
	var p struct {
		Type string `json:"type"`
		Args []struct {
			Value       any    `json:"value"`
			Description string `json:"description"`
		} `json:"args"`
		ExceptionDetails struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
		Entry struct {
			Level string `json:"level"`
			Text  string `json:"text"`
			URL   string `json:"url"`
		} `json:"entry"`
	}
	json.Unmarshal(ev.Params, &p)
	switch ev.Method {
	case "Page.loadEventFired":
		b.loaded[ev.SessionID] = true
	case "Runtime.exceptionThrown":
		b.problems[ev.SessionID] = append(b.problems[ev.SessionID], "exception: "+p.ExceptionDetails.Text+" "+p.ExceptionDetails.Exception.Description)
	case "Runtime.consoleAPICalled":
		if p.Type == "error" || p.Type == "assert" {
			var args []string
			for _, a := range p.Args {
				args = append(args, fmt.Sprint(a.Value)+a.Description)
			}
			b.problems[ev.SessionID] = append(b.problems[ev.SessionID], "console: "+strings.Join(args, " "))
		}
	case "Log.entryAdded":
		if p.Entry.Level == "error" {
			b.problems[ev.SessionID] = append(b.problems[ev.SessionID], "log: "+p.Entry.Text+" "+p.Entry.URL)
		}
	}
}

// tab opens the tab that open loads pages in; one tab for every page
// saves starting a renderer for each.
func (b *browser) tab() error {
	res, err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"})
	if err != nil {
		return err
	}
	var target struct{ TargetID string }
	json.Unmarshal(res, &target)
	res, err = b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	if err != nil {
		return err
	}
	var attached struct{ SessionID string }
	json.Unmarshal(res, &attached)
	b.session = attached.SessionID
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if _, err := b.call(b.session, domain, nil); err != nil {
			return err
		}
	}
	_, err = b.call(b.session, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": windowWidth, "height": windowHeight, "deviceScaleFactor": 1, "mobile": false})
	return err
}

// open loads a file in the tab and returns its DOM after the load event,
// a screenshot and the problems it reported. The screenshot is of the
// window, or of the whole page when full is set.
func (b *browser) open(path string, full bool) (dom string, png []byte, problems []string, err error) {
	s := b.session
	delete(b.problems, s)
	delete(b.loaded, s)
	res, err := b.call(s, "Page.navigate", map[string]any{"url": "file://" + path})
	if err != nil {
		return "", nil, nil, err
	}
	var nav struct{ ErrorText string }
	json.Unmarshal(res, &nav)
	if nav.ErrorText != "" {
		return "", nil, nil, fmt.Errorf("opening %s: %s", path, nav.ErrorText)
	}
	for !b.loaded[s] {
		_, ev, err := b.read()
		if err != nil {
			return "", nil, nil, fmt.Errorf("waiting for %s to load: %w", path, err)
		}
		if ev != nil {
			b.note(ev)
		}
	}
	res, err = b.call(s, "Runtime.evaluate", map[string]any{"expression": "document.documentElement.outerHTML", "returnByValue": true})
	if err != nil {
		return "", nil, nil, err
	}
	var value struct {
		Result struct{ Value string }
	}
	json.Unmarshal(res, &value)
	height := float64(windowHeight)
	if full {
		res, err := b.call(s, "Page.getLayoutMetrics", nil)
		if err != nil {
			return "", nil, nil, err
		}
		var metrics struct {
			CSSContentSize struct{ Height float64 }
		}
		json.Unmarshal(res, &metrics)
		if metrics.CSSContentSize.Height > 0 {
			height = metrics.CSSContentSize.Height
		}
	}
	res, err = b.call(s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "clip": map[string]any{
		"x": 0, "y": 0, "width": windowWidth, "height": height, "scale": 1}})
	if err != nil {
		return "", nil, nil, err
	}
	var shot struct{ Data string }
	json.Unmarshal(res, &shot)
	png, err = base64.StdEncoding.DecodeString(shot.Data)
	return value.Result.Value, png, b.problems[s], err
}
