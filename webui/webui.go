// Package webui serves the built dashboard (pb_public): files under assets/ carry a
// content hash in their name and are cached by browsers for a year; index.html (and the
// fallback of every client-side route to it) is revalidated on each load with an ETag.
// Text files go out gzip-compressed to browsers that accept it, compressed once and kept.
//
//	webui.Register(app, webui.Config{Public: public}) // GET /{path...}, after every other route
package webui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// Cache-Control values: hashed assets never change under their name; index.html names
// the current assets, so the browser asks again each time (a 304 when unchanged).
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "no-cache"
)

// assetsDir holds Vite's content-hashed output (index-BChAKDB5.js).
const assetsDir = "assets/"

// minGzip is the size below which compressing is not worth its header.
const minGzip = 512

// file is one served file, read and compressed once.
type file struct {
	body, gz []byte // gz is nil when compression does not pay
	ctype    string
	etag     string // quoted, of the uncompressed body
}

// Handler serves fsys at the route's {path...} wildcard: an existing file as itself,
// a missing asset as 404, and anything else (a dashboard route) as index.html.
func Handler(fsys fs.FS) func(*core.RequestEvent) error {
	var mu sync.Mutex
	cache := map[string]*file{}
	load := func(name string) (*file, error) {
		mu.Lock()
		defer mu.Unlock()
		if f, ok := cache[name]; ok {
			return f, nil
		}
		f, err := read(fsys, name)
		if err != nil {
			return nil, err
		}
		cache[name] = f
		return f, nil
	}
	return func(e *core.RequestEvent) error {
		name := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue("path")), "/")
		if name == "" {
			name = "index.html"
		}
		f, err := load(name)
		if err != nil {
			if strings.HasPrefix(name, assetsDir) {
				return e.NotFoundError("", nil)
			}
			name = "index.html"
			if f, err = load(name); err != nil {
				return e.NotFoundError("", nil)
			}
		}
		serve(e, f, strings.HasPrefix(name, assetsDir))
		return nil
	}
}

// read loads name from fsys (not a directory) and prepares its compressed copy.
func read(fsys fs.FS, name string) (*file, error) {
	if !fs.ValidPath(name) {
		return nil, fs.ErrNotExist
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fs.ErrNotExist
	}
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	f := &file{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	f.ctype = mime.TypeByExtension(path.Ext(name))
	if f.ctype == "" {
		f.ctype = http.DetectContentType(body)
	}
	if len(body) >= minGzip && compressible(f.ctype) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			f.gz = buf.Bytes()
		}
	}
	return f, nil
}

// compressible reports text-like types (images and fonts are compressed already).
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg") || strings.Contains(ctype, "xml")
}

// serve writes f with its caching headers, gzip when accepted, 304 when the browser's
// copy is current.
func serve(e *core.RequestEvent, f *file, immutable bool) {
	h := e.Response.Header()
	h.Set("Content-Type", f.ctype)
	if immutable {
		h.Set("Cache-Control", CacheImmutable)
	} else {
		h.Set("Cache-Control", CacheRevalidate)
	}
	body, etag := f.body, f.etag
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(e.Request) {
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if match := e.Request.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		e.Response.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	e.Response.WriteHeader(http.StatusOK)
	if e.Request.Method != http.MethodHead {
		e.Response.Write(body)
	}
}

// acceptsGzip reads Accept-Encoding, honouring an explicit "gzip;q=0".
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
