package botfunctions

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// defaultWebhookTimeout bounds one test-webhook call, redirects included.
const defaultWebhookTimeout = 10 * time.Second

// testPayload is what test-webhook POSTs: shaped like an update, marked as a test.
const testPayload = `{"update_id":0,"nezuko_test":true}`

var errBlockedAddress = errors.New("address not allowed")

type testWebhookRequest struct {
	URL string `json:"url"`
}

type testWebhookResult struct {
	Success   bool   `json:"success"`
	Status    int    `json:"status"`
	LatencyMS int64  `json:"latency_ms"`
	Error     string `json:"error,omitempty"`
}

func (d Config) testWebhook(e *core.RequestEvent) error {
	var req testWebhookRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError(`The body must be JSON: {"url": "https://…"}.`, nil)
	}
	target, err := url.Parse(strings.TrimSpace(req.URL))
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Hostname() == "" {
		return fieldError(e, "url", "validation_invalid_url", "The URL must be an absolute http:// or https:// URL.")
	}
	if target.User != nil { // Go's client would send them as Basic auth to whatever host answers
		return fieldError(e, "url", "validation_url_credentials", "The URL must not contain a user name or password.")
	}
	allowPrivate := allowPrivateTargets(e.App)
	if !allowPrivate {
		if err := checkHost(e.Request.Context(), target.Hostname()); err != nil {
			return fieldError(e, "url", "validation_blocked_address",
				"The URL points to a loopback, private, link-local, reserved or metadata address (not global unicast), which test-webhook refuses.")
		}
	}
	timeout := d.WebhookTimeout
	if timeout <= 0 {
		timeout = defaultWebhookTimeout
	}
	res := post(e.Request.Context(), target.String(), allowPrivate, timeout)
	if errors.Is(res.err, errBlockedAddress) {
		return fieldError(e, "url", "validation_blocked_address",
			"The URL redirects or resolves to a loopback, private, link-local, reserved or metadata address (not global unicast), which test-webhook refuses.")
	}
	return e.JSON(http.StatusOK, res.testWebhookResult)
}

// allowPrivateTargets reads admin_config webhook_test_allow_private (false when unset).
func allowPrivateTargets(app core.App) bool {
	r, err := app.FindFirstRecordByFilter(c.AdminConfig, c.FieldKey+" = {:k}", dbx.Params{"k": c.ConfigWebhookAllowPriv})
	if err != nil {
		return false
	}
	var allow bool
	return c.Wrap(&c.ConfigEntry{}, r).Decode(&allow) == nil && allow
}

type postResult struct {
	testWebhookResult
	err error
}

// post sends the test payload; every connection (redirects too) is checked at dial time,
// so DNS answers cannot smuggle a private address past checkHost.
func post(ctx context.Context, target string, allowPrivate bool, timeout time.Duration) postResult {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return errBlockedAddress
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || blocked(ip) {
				return errBlockedAddress
			}
			return nil
		}
	}
	client := &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil, TLSHandshakeTimeout: timeout},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errors.New("redirect to a non-http(s) URL")
			}
			if req.URL.User != nil {
				return errors.New("redirect to a URL with credentials")
			}
			return nil
		},
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(testPayload))
	if err != nil {
		return postResult{testWebhookResult{Error: "the request could not be built"}, err}
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := client.Do(req)
	latency := time.Since(start).Milliseconds()
	if err != nil {
		return postResult{testWebhookResult{LatencyMS: latency, Error: describe(err, timeout)}, err}
	}
	resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	out := testWebhookResult{Success: ok, Status: resp.StatusCode, LatencyMS: latency}
	if !ok {
		out.Error = "the target answered " + resp.Status
	}
	return postResult{out, nil}
}

// describe turns a client error into a short message without internal detail.
func describe(err error, timeout time.Duration) string {
	var netErr net.Error
	switch {
	case errors.Is(err, errBlockedAddress):
		return "address not allowed"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "no answer within " + timeout.String()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "the host name could not be resolved"
	}
	return "the request failed"
}

// checkHost resolves host and refuses it if any address is blocked.
func checkHost(ctx context.Context, host string) error {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if blocked(ip) {
			return errBlockedAddress
		}
		return nil
	}
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return errBlockedAddress
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil // unresolvable: the POST reports it as a failed call
	}
	for _, ip := range addrs {
		if blocked(ip) {
			return errBlockedAddress
		}
	}
	return nil
}
