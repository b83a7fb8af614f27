package webui_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/webui"
)

var script = strings.Repeat("export const x = 'nezuko dashboard';\n", 200)

var public = fstest.MapFS{
	"index.html":             {Data: []byte(`<!doctype html><script src="/assets/index-abc123.js"></script>` + strings.Repeat(" ", 600))},
	"assets/index-abc123.js": {Data: []byte(script)},
	"assets/logo-1a2b.png":   {Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 400)},
}

// get requests path through the handler as a browser would (Accept-Encoding given).
func get(t *testing.T, path, acceptEncoding, ifNoneMatch string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.SetPathValue("path", strings.TrimPrefix(path, "/"))
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{}
	e.Request, e.Response = req, rec
	if err := webui.Handler(public)(e); err != nil {
		return &http.Response{StatusCode: 404, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(err.Error()))}
	}
	return rec.Result()
}

func TestHashedAssetsAreImmutableAndGzipped(t *testing.T) {
	res := get(t, "/assets/index-abc123.js", "gzip, deflate, br", "")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := res.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q", res.Header.Get("Vary"))
	}
	if !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
		t.Errorf("Content-Type = %q", res.Header.Get("Content-Type"))
	}
	raw, _ := io.ReadAll(res.Body)
	if len(raw) >= len(script)/4 {
		t.Errorf("sent %d bytes for a %d-byte script", len(raw), len(script))
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != script {
		t.Error("the decompressed body is not the script")
	}
}

func TestPlainWhenGzipNotAccepted(t *testing.T) {
	for _, ae := range []string{"", "identity", "gzip;q=0, br"} {
		res := get(t, "/assets/index-abc123.js", ae, "")
		body, _ := io.ReadAll(res.Body)
		if res.Header.Get("Content-Encoding") != "" || string(body) != script {
			t.Errorf("Accept-Encoding %q: encoding %q, %d bytes", ae, res.Header.Get("Content-Encoding"), len(body))
		}
	}
}

func TestIndexAndRoutesRevalidate(t *testing.T) {
	for _, p := range []string{"/", "/index.html", "/groups/abc", "/settings"} {
		res := get(t, p, "gzip", "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control = %q, want no-cache", p, got)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type = %q", p, res.Header.Get("Content-Type"))
		}
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", p)
		}
		again := get(t, p, "gzip", etag)
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: status %d, want 304", p, again.StatusCode)
		}
	}
}

func TestMissingAssetIs404AndImagesAreNotRecompressed(t *testing.T) {
	if res := get(t, "/assets/index-gone.js", "gzip", ""); res.StatusCode != 404 {
		t.Errorf("missing asset: status %d, want 404 (not index.html)", res.StatusCode)
	}
	if res := get(t, "/../../etc/passwd", "gzip", ""); res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("traversal: status %d, cache %q (want the index page)", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res := get(t, "/assets/logo-1a2b.png", "gzip", "")
	if res.Header.Get("Content-Encoding") != "" || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("png: encoding %q, type %q", res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
}
