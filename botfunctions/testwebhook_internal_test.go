package botfunctions

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestBlockedAddresses(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true,
		"169.254.169.254": true, "fe80::1": true, "fe80::1%eth0": true, "fd00:ec2::254": true, "100.64.0.1": true, "0.0.0.0": true,
		"::ffff:127.0.0.1": true, "224.0.0.1": true, "100.100.100.200": true, "::": true,
		// Every other special-purpose range (issue 18: TEST-NET and 240/4 answered).
		"192.0.0.170": true, "192.0.2.1": true, "198.51.100.7": true, "203.0.113.9": true, "198.18.0.1": true,
		"192.88.99.1": true, "192.31.196.1": true, "192.52.193.1": true, "192.175.48.1": true,
		"240.0.0.1": true, "255.255.255.255": true, "239.255.255.250": true,
		"100::1": true, "100:0:0:1::1": true, "2001::1": true, "2001:2::1": true, "2001:db8::1": true, "3fff::1": true,
		"5f00::1": true, "fec0::1": true, "ff02::1": true, "2620:4f:8000::1": true, "4000::1": true, "::2:1": true,
		// IPv4 inside IPv6 is judged by the IPv4 address (NAT64 and ::a.b.c.d were dialled).
		"64:ff9b::7f00:1": true, "64:ff9b::a00:1": true, "::127.0.0.1": true, "::10.0.0.1": true,
		"2002:7f00:1::1": true, "2002:c0a8:101::": true, "::ffff:192.0.2.1": true, "64:ff9b:1::808:808": true,
		"64:ff9b::808:808": false, "::8.8.8.8": false, "2002:808:808::1": false, "::ffff:8.8.8.8": false,
		"8.8.8.8": false, "149.154.167.220": false, "1.1.1.1": false, "2001:4860:4860::8888": false, "2606:4700::1111": false,
	} {
		if got := blocked(netip.MustParseAddr(addr)); got != want {
			t.Errorf("blocked(%s) = %v, want %v", addr, got, want)
		}
	}
}

// A host that passed checkHost but resolves (or redirects) to a private address at
// connect time is refused by the dialer.
func TestDialTimeCheckRefusesPrivateAddresses(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	res := post(context.Background(), srv.URL, false, 5*time.Second)
	if !errors.Is(res.err, errBlockedAddress) || hit {
		t.Fatalf("err = %v, target hit = %v", res.err, hit)
	}
}

func TestPostReportsStatusTimeoutAndRefusal(t *testing.T) {
	var body string
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 256)
		n, _ := r.Body.Read(buf)
		body = string(buf[:n])
		w.WriteHeader(http.StatusAccepted)
	}))
	defer ok.Close()
	res := post(context.Background(), ok.URL, true, 5*time.Second)
	if !res.Success || res.Status != 202 || res.err != nil {
		t.Fatalf("ok target: %+v", res)
	}
	if body != testPayload {
		t.Errorf("payload = %q", body)
	}

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer failing.Close()
	if res := post(context.Background(), failing.URL, true, 5*time.Second); res.Success || res.Status != 500 || res.Error == "" {
		t.Fatalf("500 target: %+v", res)
	}

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	res = post(context.Background(), slow.URL, true, 200*time.Millisecond)
	if res.Success || res.Status != 0 || !strings.Contains(res.Error, "no answer within") {
		t.Fatalf("slow target: %+v", res)
	}

	closedURL := ok.URL
	ok.Close()
	if res := post(context.Background(), closedURL, true, 5*time.Second); res.Success || res.Status != 0 || res.Error != "connection refused" {
		t.Fatalf("refused target: %+v", res)
	}
}
